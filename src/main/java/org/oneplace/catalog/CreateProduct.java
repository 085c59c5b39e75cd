package org.oneplace.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A new product with at least one variant. */
public record CreateProduct(
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 100) String category,
        @Nullable @Size(max = 5000) String description,
        @NotEmpty @Size(max = 200) List<@Valid CreateVariant> variants) {}
