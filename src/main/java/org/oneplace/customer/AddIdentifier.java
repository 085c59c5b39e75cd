package org.oneplace.customer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Adds an identifier to a customer.
 *
 * @param verified whether the business proved the person holds it (e.g. confirmed the email); a verified identifier
 *     held by another customer merges the two
 */
public record AddIdentifier(
        @NotNull IdentifierType type,
        @NotBlank @Size(max = 320) String value,
        boolean verified) {}
