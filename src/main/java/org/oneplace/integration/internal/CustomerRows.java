package org.oneplace.integration.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.consent.SetConsent;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.platform.StorableText;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads customer rows: the columns of a CSV file or the properties of a JSON line, by the same names (matched without
 * regard to case, {@code _}, {@code -} or spaces): one identifier per type ({@code userId}, {@code email},
 * {@code phone}, {@code loyaltyId}, {@code anonymousId}, {@code whatsapp} …), several ({@code emails}, {@code phones},
 * {@code userIds}: separated by spaces; {@code identifiers}: a JSON array of {@code {type, value}}), {@code name},
 * {@code createdAt}, {@code updatedAt}, traits ({@code traits} as a JSON object, or one {@code trait.<key>} column
 * each), consents ({@code consents} as a JSON array of {@code {channel, purpose, status, source?, evidence?, at?}}, or
 * one {@code consent.<channel>.<purpose>} column each holding a status, with {@code consentSource},
 * {@code consentEvidence} and {@code consentAt} for them). What {@code GET /api/v1/exports/customers} writes reads back
 * ({@code id} and {@code mergedIds} are Oneplace's own and skipped).
 */
final class CustomerRows {

    /** A valid row: what to resolve and write. */
    record Customer(
            long line,
            List<IdentifierClaim> identifiers,
            Map<String, Object> traits,
            List<SetConsent> consents,
            @Nullable Instant createdAt,
            @Nullable Instant updatedAt) {}

    /** A row refused, with the field at fault. */
    static final class Refused extends RuntimeException {
        final @Nullable String field;

        Refused(@Nullable String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    private static final Set<String> SKIPPED = Set.of("id", "mergedids");
    /** One identifier of a type per column, by matched name ({@code userid}, {@code email} …). */
    static final Map<String, IdentifierType> SINGLE = new LinkedHashMap<>();

    private static final Map<String, IdentifierType> SEVERAL =
            Map.of("emails", IdentifierType.EMAIL, "phones", IdentifierType.PHONE, "userids", IdentifierType.USER_ID);
    private static final Set<String> OTHERS = Set.of(
            "name",
            "createdat",
            "updatedat",
            "identifiers",
            "traits",
            "consents",
            "consentsource",
            "consentevidence",
            "consentat");

    static {
        for (IdentifierType type : IdentifierType.values()) {
            SINGLE.put(type.code().replace("_", ""), type);
        }
    }

    private final Customers customers;
    private final JsonMapper json;
    private final Clock clock;

    CustomerRows(Customers customers, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.json = json;
        this.clock = clock;
    }

    /** Checks a CSV header: every column known, none twice, at least one that can hold an identifier. */
    static void checkHeader(List<String> columns) {
        Set<String> seen = new java.util.HashSet<>();
        boolean identifier = false;
        for (String column : columns) {
            String key = key(column);
            if (!known(key)) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is not one a customer import"
                        + " knows. Use userId, email, phone, loyaltyId, anonymousId, whatsapp, messenger, instagram,"
                        + " telegram, emails, phones, userIds, identifiers, name, createdAt, updatedAt, traits,"
                        + " trait.<key>, consents, consent.<channel>.<purpose>, consentSource, consentEvidence or"
                        + " consentAt.");
            }
            if (!seen.add(key)) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is there twice.");
            }
            identifier |= SINGLE.containsKey(key) || SEVERAL.containsKey(key) || key.equals("identifiers");
        }
        if (!identifier) {
            throw new ImportFile.Unreadable("Line 1: no column holds an identifier; a customer is found or created by"
                    + " userId, email, phone, loyaltyId, anonymousId, a channel id, or an identifiers column.");
        }
    }

    private static boolean known(String key) {
        return SKIPPED.contains(key)
                || SINGLE.containsKey(key)
                || SEVERAL.containsKey(key)
                || OTHERS.contains(key)
                || (key.startsWith("trait.") && key.length() > 6)
                || key.startsWith("consent.");
    }

    /** The name a column or property is matched by. */
    static String key(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("trait.") || lower.startsWith("traits.")) {
            return "trait." + name.strip().substring(name.strip().indexOf('.') + 1);
        }
        if (lower.startsWith("consent.")) {
            return lower;
        }
        if (lower.startsWith("option.")) {
            return "option." + name.strip().substring(7);
        }
        return lower.replaceAll("[_\\-\\s]", "");
    }

    /** Reads one row; throws {@link Refused} naming the field and what is wrong. */
    Customer read(ImportFile.Row row) {
        Map<String, IdentifierClaim> identifiers = new LinkedHashMap<>();
        Map<String, Object> traits = new LinkedHashMap<>();
        List<SetConsent> consents = new ArrayList<>();
        Map<String, JsonNode> consentColumns = new LinkedHashMap<>();
        Instant createdAt = null;
        Instant updatedAt = null;
        String consentSource = null;
        String consentEvidence = null;
        Instant consentAt = null;
        for (Map.Entry<String, JsonNode> field : row.fields().entrySet()) {
            String name = field.getKey();
            String key = key(name);
            JsonNode value = field.getValue();
            if (value.isNull() || SKIPPED.contains(key)) {
                continue;
            }
            if (SINGLE.containsKey(key)) {
                claim(SINGLE.get(key), text(name, value), name, identifiers);
            } else if (SEVERAL.containsKey(key)) {
                for (String one : text(name, value).strip().split("\\s+")) {
                    if (!one.isEmpty()) {
                        claim(SEVERAL.get(key), one, name, identifiers);
                    }
                }
            } else if (key.startsWith("trait.")) {
                trait(name, key.substring(6), plain(value), traits);
            } else if (key.startsWith("consent.")) {
                consentColumns.put(name, value);
            } else {
                switch (key) {
                    case "name" -> traits.put("name", text(name, value));
                    case "createdat" -> createdAt = instant(name, value);
                    case "updatedat" -> updatedAt = instant(name, value);
                    case "identifiers" -> identifiers(name, structured(name, value), identifiers);
                    case "traits" -> traits(name, structured(name, value), traits);
                    case "consents" -> consents(name, structured(name, value), consents);
                    case "consentsource" -> consentSource = text(name, value);
                    case "consentevidence" -> consentEvidence = text(name, value);
                    case "consentat" -> consentAt = instant(name, value);
                    default -> throw new Refused(name, "'" + name + "' is not a field of a customer row.");
                }
            }
        }
        for (Map.Entry<String, JsonNode> column : consentColumns.entrySet()) {
            String name = column.getKey();
            String[] parts = key(name).split("\\.");
            if (parts.length != 3) {
                throw new Refused(
                        name,
                        "A consent column is named consent.<channel>.<purpose>, like" + " consent.email.marketing.");
            }
            consents.add(
                    consent(name, parts[1], parts[2], column.getValue(), consentSource, consentEvidence, consentAt));
        }
        if (identifiers.isEmpty()) {
            throw new Refused(
                    null,
                    "The row has no identifier: give at least one of userId, email, phone, loyaltyId,"
                            + " anonymousId or a channel id.");
        }
        return new Customer(row.line(), List.copyOf(identifiers.values()), traits, consents, createdAt, updatedAt);
    }

    void claim(IdentifierType type, String raw, String field, Map<String, IdentifierClaim> into) {
        if (raw.isBlank()) {
            return;
        }
        if (raw.indexOf('\uFFFD') >= 0) {
            // two different ids in another encoding would both read as the same replacement character and merge
            throw new Refused(field, "The " + type.code() + " holds bytes that are not UTF-8; save the file as UTF-8.");
        }
        String value;
        try {
            value = customers.normalise(type, raw);
        } catch (IllegalArgumentException e) {
            throw new Refused(field, e.getMessage() + ".");
        }
        // the business's own records: its identifiers are vouched for, as a signed-in user's are in live traffic
        IdentifierClaim claim = IdentifierClaim.verified(type, value);
        into.putIfAbsent(claim.key(), claim);
    }

    private void identifiers(String field, JsonNode array, Map<String, IdentifierClaim> into) {
        if (!array.isArray()) {
            throw new Refused(field, "'" + field + "' must be a JSON array of {\"type\": …, \"value\": …}.");
        }
        for (JsonNode one : array) {
            JsonNode type = one.get("type");
            JsonNode value = one.get("value");
            if (type == null || value == null || !type.isString()) {
                throw new Refused(field, "Each of '" + field + "' needs a \"type\" and a \"value\".");
            }
            IdentifierType parsed;
            try {
                parsed = IdentifierType.parse(type.stringValue());
            } catch (IllegalArgumentException e) {
                throw new Refused(field, e.getMessage() + ".");
            }
            claim(parsed, text(field, value), field, into);
        }
    }

    private void traits(String field, JsonNode object, Map<String, Object> into) {
        if (!object.isObject()) {
            throw new Refused(field, "'" + field + "' must be a JSON object of trait names and values.");
        }
        object.properties().forEach(e -> trait(field, e.getKey(), plain(e.getValue()), into));
    }

    /**
     * A trait, except {@code consents}: in live traffic that trait tells the consent ledger, which an import does
     * through its own consent fields, recorded once.
     */
    private static void trait(String field, String key, Object value, Map<String, Object> into) {
        if (key.isBlank() || key.length() > 200) {
            throw new Refused(field, "A trait's name has 1 to 200 characters.");
        }
        if (key.equals("consents")) {
            throw new Refused(
                    field,
                    "Consents go in consent.<channel>.<purpose> columns or the consents field, not in"
                            + " the traits.");
        }
        into.put(key, value);
    }

    private void consents(String field, JsonNode array, List<SetConsent> into) {
        if (!array.isArray()) {
            throw new Refused(field, "'" + field + "' must be a JSON array of {\"channel\", \"purpose\", \"status\"}.");
        }
        for (JsonNode one : array) {
            JsonNode channel = one.get("channel");
            JsonNode purpose = one.get("purpose");
            JsonNode status = one.get("status");
            if (channel == null || purpose == null || status == null) {
                throw new Refused(field, "Each of '" + field + "' needs \"channel\", \"purpose\" and \"status\".");
            }
            into.add(consent(
                    field,
                    text(field, channel),
                    text(field, purpose),
                    status,
                    optionalText(field, one.get("source")),
                    optionalText(field, one.get("evidence")),
                    one.hasNonNull("at") ? instant(field, one.get("at")) : null));
        }
    }

    private SetConsent consent(
            String field,
            String channelCode,
            String purposeCode,
            JsonNode statusValue,
            @Nullable String source,
            @Nullable String evidence,
            @Nullable Instant at) {
        try {
            ChannelType channel = ChannelType.parse(channelCode);
            if (!ChannelType.CONSENT_CHANNELS.contains(channel)) {
                throw new Refused(
                        field,
                        "Consent is kept for "
                                + ChannelType.CONSENT_CHANNELS.stream()
                                        .map(ChannelType::code)
                                        .toList() + " only, not " + channel.code() + ".");
            }
            ConsentPurpose purpose = ConsentPurpose.parse(purposeCode);
            ConsentStatus status = statusValue.isBoolean()
                    ? (statusValue.booleanValue() ? ConsentStatus.GRANTED : ConsentStatus.REVOKED)
                    : switch (statusValue.asString().strip().toLowerCase(Locale.ROOT)) {
                        case "true" -> ConsentStatus.GRANTED;
                        case "false" -> ConsentStatus.REVOKED;
                        default -> ConsentStatus.parse(statusValue.asString());
                    };
            if (source != null && source.length() > 200 || evidence != null && evidence.length() > 2000) {
                throw new Refused(field, "A consent's source has at most 200 characters and its evidence 2000.");
            }
            return new SetConsent(channel, purpose, status, source, evidence, at);
        } catch (IllegalArgumentException e) {
            throw new Refused(field, e.getMessage() + ".");
        }
    }

    /** A JSON value given in a CSV cell as text, or in a JSON line as itself. */
    private JsonNode structured(String field, JsonNode value) {
        if (!value.isString()) {
            return value;
        }
        var unstorable = StorableText.firstUnstorable(value.stringValue().getBytes(StandardCharsets.UTF_8));
        if (unstorable.isPresent()) {
            throw new Refused(
                    field,
                    "'" + field + "' at " + unstorable.get().pointer() + ": the value "
                            + unstorable.get().problem() + ".");
        }
        try {
            return json.readTree(value.stringValue());
        } catch (JacksonException e) {
            throw new Refused(field, "'" + field + "' must hold JSON: " + e.getOriginalMessage() + ".");
        }
    }

    private Object plain(JsonNode value) {
        return value.isString() ? value.stringValue() : json.treeToValue(value, Object.class);
    }

    static String text(String field, JsonNode value) {
        if (value.isString() || value.isNumber() || value.isBoolean()) {
            return value.asString();
        }
        throw new Refused(field, "'" + field + "' must be text.");
    }

    private static @Nullable String optionalText(String field, @Nullable JsonNode value) {
        return value == null || value.isNull() ? null : text(field, value);
    }

    /** An ISO-8601 instant ({@code 2024-03-01T10:15:00Z}), date-time with offset, or a date (midnight UTC). */
    Instant instant(String field, JsonNode value) {
        String text = text(field, value).strip();
        Instant at;
        try {
            at = text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(
                    field,
                    "'" + field + "' is not a date: '" + text + "'. Use ISO 8601, like 2024-03-01T10:15:00Z or"
                            + " 2024-03-01.");
        }
        if (at.isBefore(Instant.parse("1970-01-01T00:00:00Z"))
                || at.isAfter(clock.instant().plus(1, ChronoUnit.DAYS))) {
            throw new Refused(field, "'" + field + "' is " + text + ": not a date in the past.");
        }
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
