package org.oneplace.customer;

/**
 * An identifier carried by something inbound, not yet normalised.
 *
 * @param verified whether the sender proved it (a signed-in user id, a provider-delivered phone number, a device's
 *     own anonymous id). An unverified claim (an email typed into a chat) is attached when nobody holds it but never
 *     merges someone else's record.
 */
public record IdentifierClaim(IdentifierType type, String value, boolean verified) {

    /** {@code type:value}, see {@link IdentifierType#key}. */
    public String key() {
        return type.key(value);
    }

    public static IdentifierClaim verified(IdentifierType type, String value) {
        return new IdentifierClaim(type, value, true);
    }
}
