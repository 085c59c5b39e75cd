package org.oneplace.customer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Adds an identifier to a customer.
 *
 * @param verified whether the business proved the person holds it (e.g. confirmed the email); a verified identifier
 *     held by another customer merges the two; absent means not verified
 */
public record AddIdentifier(
        @NotNull IdentifierType type,
        @NotBlank @Size(max = 320) String value,
        @Nullable Boolean verified) {

    public boolean proven() {
        return Boolean.TRUE.equals(verified);
    }
}
