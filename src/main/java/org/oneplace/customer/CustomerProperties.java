package org.oneplace.customer;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of identity resolution, under {@code oneplace.customer}.
 *
 * @param defaultRegion the region (ISO 3166, e.g. {@code DE}) phone numbers without a country code are read in;
 *     empty to require the country code
 * @param limits the most identifiers of a type one customer may hold; a merge that would exceed one is not made and
 *     a conflict is recorded instead, a new identifier beyond it is not attached. Types not listed are unlimited.
 * @param priority identifier types from the most to the least trusted: when inbound identifiers point at several
 *     customers, the one found through the most trusted type decides which customers may join it
 */
@ConfigurationProperties("oneplace.customer")
public record CustomerProperties(
        @DefaultValue("") String defaultRegion,

        @DefaultValue({"user_id=1", "email=5", "phone=5", "anonymous_id=50"})
        List<String> limits,

        @DefaultValue({
            "user_id",
            "email",
            "phone",
            "loyalty_id",
            "whatsapp",
            "messenger",
            "instagram",
            "telegram",
            "anonymous_id"
        })
        List<String> priority) {

    /** The limits as a map; an unparseable entry fails start-up with its text. */
    public Map<IdentifierType, Integer> limitsByType() {
        java.util.EnumMap<IdentifierType, Integer> map = new java.util.EnumMap<>(IdentifierType.class);
        for (String entry : limits) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "oneplace.customer.limits entry '" + entry + "' must look like email=5");
            }
            map.put(IdentifierType.parse(parts[0]), Integer.parseInt(parts[1].strip()));
        }
        return map;
    }

    /** The rank of a type in {@link #priority} (0 = most trusted); unlisted types rank last. */
    public int rank(IdentifierType type) {
        int index = priority.indexOf(type.code());
        return index < 0 ? priority.size() : index;
    }
}
