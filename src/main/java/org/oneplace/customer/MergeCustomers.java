package org.oneplace.customer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A person's decision to merge two customers; the survivor keeps its id, the merged one answers with it. */
public record MergeCustomers(
        @NotNull UUID survivorId,
        @NotNull UUID mergedId,
        @NotBlank @Size(max = 500) String reason) {}
