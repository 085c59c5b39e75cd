package org.oneplace.marketing;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** Renders a template for a real customer before it goes live. */
public record PreviewRequest(@NotNull UUID customerId) {}
