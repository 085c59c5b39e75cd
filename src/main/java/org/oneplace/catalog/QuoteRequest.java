package org.oneplace.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Lines to price, with the promotion codes the customer entered. */
public record QuoteRequest(
        @NotEmpty @Size(max = 200) List<@Valid QuoteLine> lines,
        @Nullable @Size(max = 10) List<String> codes) {}
