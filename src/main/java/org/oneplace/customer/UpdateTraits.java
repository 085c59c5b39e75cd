package org.oneplace.customer;

import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** Sets traits of a customer; a null value removes the trait. */
public record UpdateTraits(@NotNull Map<String, Object> traits) {}
