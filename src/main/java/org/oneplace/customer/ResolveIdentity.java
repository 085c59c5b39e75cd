package org.oneplace.customer;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.InvalidValueException;

/**
 * Asks who the identifiers of one inbound thing belong to.
 *
 * @param identifiers what the thing carries; at least one
 * @param source where it came from, e.g. {@code tracking:web}, {@code api}, {@code whatsapp}
 * @param sourceRef the id of the event, message or request, shown when explaining a link
 * @param at when it happened
 */
public record ResolveIdentity(
        List<IdentifierClaim> identifiers,
        String source,
        @Nullable String sourceRef,
        Instant at) {

    public ResolveIdentity {
        identifiers = List.copyOf(identifiers);
        if (identifiers.isEmpty()) {
            throw new InvalidValueException("At least one identifier is needed to resolve a customer");
        }
    }
}
