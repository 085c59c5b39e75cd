package org.oneplace.tracking.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.ConsentSignalled;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.WriteKeyView;
import org.oneplace.tracking.TrackingException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Segment HTTP API calls as the SDKs send them, with Segment's limits (32 KB per call, 500 KB and 2,500 events
 * per batch) and its rules: {@code userId} or {@code anonymousId} required, {@code messageId} generated when absent,
 * the client's clock corrected by {@code receivedAt − (sentAt − timestamp)}. Unknown fields are accepted and kept in
 * {@code properties}, {@code traits} and {@code context}.
 */
@Component
public class SegmentParser {

    public static final int MAX_CALL_BYTES = 32 * 1024;
    public static final int MAX_BATCH_BYTES = 500 * 1024;
    public static final int MAX_BATCH_EVENTS = 2500;
    static final Set<String> CALLS = Set.of("track", "page", "screen", "identify", "group", "alias");

    private final JsonMapper json;
    private final Customers customers;

    SegmentParser(Customers customers) {
        // Its own mapper: tracking accepts any fields (Segment does), and bounds nesting and string sizes.
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(64)
                                .maxStringLength(MAX_BATCH_BYTES)
                                .build())
                        .build())
                .build();
        this.customers = customers;
    }

    /** The JSON document of a request body, or a 400 naming the line and column where it breaks. */
    public ObjectNode read(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("UTF-8") || message.contains("UTF8")) {
                throw new TrackingException(
                        TrackingException.Reason.INVALID,
                        "Invalid encoding",
                        "The request body is not valid UTF-8 (" + message + "); send UTF-8 encoded JSON.");
            }
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new TrackingException(
                    TrackingException.Reason.INVALID,
                    "Invalid JSON",
                    "Request body is not valid JSON" + where + ": " + message + ".");
        }
        if (node == null || !node.isObject()) {
            throw TrackingException.invalid("The request body must be a JSON object (a Segment call or a batch).");
        }
        return (ObjectNode) node;
    }

    /** The write key a body carries ({@code writeKey}), as the browser SDK sends it. */
    public @Nullable String writeKeyOf(ObjectNode body) {
        JsonNode key = body.get("writeKey");
        return key != null && key.isString() ? key.stringValue() : null;
    }

    /** One call to {@code /v1/{call}}; the path names the call when the body does not. */
    public List<IncomingEvent> single(ObjectNode body, int bytes, String call, WriteKeyView key, Instant receivedAt) {
        if (bytes > MAX_CALL_BYTES) {
            throw TrackingException.tooLarge("The call is " + bytes + " bytes; Segment's limit of " + MAX_CALL_BYTES
                    + " bytes per call applies. Send less in properties, traits or context.");
        }
        return List.of(event(body, call, key, receivedAt, null, ""));
    }

    /** A batch, to {@code /v1/batch}, {@code /v1/import} or {@code /v1/b}. */
    public List<IncomingEvent> batch(ObjectNode body, int bytes, WriteKeyView key, Instant receivedAt) {
        if (bytes > MAX_BATCH_BYTES) {
            throw TrackingException.tooLarge("The batch is " + bytes + " bytes; Segment's limit of " + MAX_BATCH_BYTES
                    + " bytes per batch applies. Send fewer events per batch.");
        }
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            throw TrackingException.invalid("A batch needs a 'batch' array of calls.");
        }
        if (batch.size() > MAX_BATCH_EVENTS) {
            throw TrackingException.tooLarge("The batch has " + batch.size() + " events; Segment's limit of "
                    + MAX_BATCH_EVENTS + " events per batch applies.");
        }
        Instant envelopeSentAt = instant(body.get("sentAt"), "sentAt");
        JsonNode sharedContext = body.get("context");
        List<IncomingEvent> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String where = "batch[" + i + "].";
            JsonNode item = batch.get(i);
            if (!item.isObject()) {
                throw TrackingException.invalid("'" + where.substring(0, where.length() - 1) + "' must be an object.");
            }
            ObjectNode call = (ObjectNode) item;
            int size = json.writeValueAsBytes(call).length;
            if (size > MAX_CALL_BYTES) {
                throw TrackingException.tooLarge("The event " + where.substring(0, where.length() - 1) + " is " + size
                        + " bytes; Segment's limit of " + MAX_CALL_BYTES + " bytes per event applies.");
            }
            if (sharedContext != null && sharedContext.isObject() && !call.has("context")) {
                call.set("context", sharedContext);
            }
            String type = text(call.get("type"), where + "type");
            if (type == null) {
                throw TrackingException.invalid("'" + where + "type' is required: one of " + CALLS + ".");
            }
            events.add(event(call, type, key, receivedAt, envelopeSentAt, where));
        }
        return events;
    }

    private IncomingEvent event(
            ObjectNode call,
            String type,
            WriteKeyView key,
            Instant receivedAt,
            @Nullable Instant envelopeSentAt,
            String where) {
        String kind = type.strip().toLowerCase(java.util.Locale.ROOT);
        if (!CALLS.contains(kind)) {
            throw TrackingException.invalid("'" + where + "type' is '" + type + "'; use one of " + CALLS + ".");
        }
        String userId = id(call.get("userId"), where + "userId");
        String anonymousId = id(call.get("anonymousId"), where + "anonymousId");
        if (userId == null && anonymousId == null) {
            throw TrackingException.invalid("'" + where + "userId' or '" + where
                    + "anonymousId' is required: every call names who it is about.");
        }
        String eventName = null;
        String timelineType;
        switch (kind) {
            case "track" -> {
                eventName = text(call.get("event"), where + "event");
                if (eventName == null || eventName.isBlank()) {
                    throw TrackingException.invalid("'" + where + "event' is required for a track call.");
                }
                timelineType = EcommerceEvents.typeOf(eventName);
            }
            case "page" -> {
                eventName = text(call.get("name"), where + "name");
                timelineType = "page_viewed";
            }
            case "screen" -> {
                eventName = text(call.get("name"), where + "name");
                timelineType = "screen_viewed";
            }
            case "identify" -> timelineType = "identified";
            case "group" -> {
                eventName = id(call.get("groupId"), where + "groupId");
                if (eventName == null) {
                    throw TrackingException.invalid("'" + where + "groupId' is required for a group call.");
                }
                timelineType = "grouped";
            }
            default -> {
                if (userId == null) {
                    throw TrackingException.invalid("'" + where + "userId' is required for an alias call.");
                }
                eventName = id(call.get("previousId"), where + "previousId");
                if (eventName == null) {
                    throw TrackingException.invalid("'" + where + "previousId' is required for an alias call.");
                }
                timelineType = "aliased";
            }
        }
        String messageId = id(call.get("messageId"), where + "messageId");
        if (messageId == null) {
            messageId = "op-" + Uuid7.next();
        }
        Instant timestamp = instant(call.get("timestamp"), where + "timestamp");
        Instant sentAt = instant(call.get("sentAt"), where + "sentAt");
        if (sentAt == null) {
            sentAt = envelopeSentAt;
        }
        Instant occurredAt = timestamp == null
                ? receivedAt
                : sentAt == null ? timestamp : receivedAt.minus(Duration.between(timestamp, sentAt));

        JsonNode context = call.get("context");
        JsonNode properties = call.get("properties");
        JsonNode traits = call.get("traits");
        if ((traits == null || !traits.isObject()) && kind.equals("identify") && context != null) {
            traits = context.get("traits");
        }
        List<IdentifierClaim> identifiers = new ArrayList<>();
        if (anonymousId != null) {
            identifiers.add(IdentifierClaim.verified(IdentifierType.ANONYMOUS_ID, anonymousId));
        }
        if (userId != null) {
            identifiers.add(IdentifierClaim.verified(IdentifierType.USER_ID, userId));
        }
        if (kind.equals("alias")) {
            identifiers.add(IdentifierClaim.verified(IdentifierType.ANONYMOUS_ID, eventName));
        }
        Map<String, Object> traitValues = Map.of();
        if (kind.equals("identify") && traits != null && traits.isObject()) {
            // A signed-in user's email and phone are the business's word; an anonymous visitor's are only claims.
            boolean verified = userId != null;
            claim(traits.get("email"), IdentifierType.EMAIL, verified, where + "traits.email", identifiers);
            claim(traits.get("phone"), IdentifierType.PHONE, verified, where + "traits.phone", identifiers);
            traitValues = json.convertValue(traits, LinkedHashMap.class);
            if (traitValues.get("consents") != null) {
                try {
                    ConsentSignalled.choicesIn(traitValues.get("consents"));
                } catch (IllegalArgumentException e) {
                    throw TrackingException.invalid(where + e.getMessage() + ".");
                }
            }
        }
        return new IncomingEvent(
                Uuid7.next(),
                messageId,
                kind,
                timelineType,
                eventName,
                channel(context, key),
                key.id(),
                anonymousId,
                userId,
                identifiers,
                occurredAt,
                receivedAt,
                timestamp,
                sentAt,
                objectOrNull(properties),
                objectOrNull(traits),
                objectOrNull(context),
                traitValues,
                anonymousId != null ? "a:" + anonymousId : "u:" + userId);
    }

    private void claim(
            @Nullable JsonNode value, IdentifierType type, boolean verified, String field, List<IdentifierClaim> into) {
        if (value == null
                || value.isNull()
                || (value.isString() && value.stringValue().isBlank())) {
            return;
        }
        if (!value.isString()) {
            throw TrackingException.invalid("'" + field + "' must be a string.");
        }
        String normalised;
        try {
            normalised = customers.normalise(type, value.stringValue());
        } catch (IllegalArgumentException e) {
            throw TrackingException.invalid("'" + field + "': " + e.getMessage() + ".");
        }
        into.add(new IdentifierClaim(type, normalised, verified));
    }

    /** {@code context.channel} when it names a Oneplace channel ({@code web}, {@code app}, {@code store}, …). */
    private static ChannelType channel(@Nullable JsonNode context, WriteKeyView key) {
        if (context != null && context.get("channel") instanceof JsonNode channel && channel.isString()) {
            String code = channel.stringValue();
            return switch (code) {
                // Segment's own values for context.channel
                case "browser" -> ChannelType.WEB;
                case "mobile" -> ChannelType.APP;
                default -> ChannelType.fromCode(code).orElse(key.source());
            };
        }
        return key.source();
    }

    private @Nullable String objectOrNull(@Nullable JsonNode node) {
        return node != null && node.isObject() ? json.writeValueAsString(node) : null;
    }

    /** An id field: Segment accepts strings and numbers. */
    private static @Nullable String id(@Nullable JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            String value = node.stringValue().strip();
            if (value.isEmpty()) {
                return null;
            }
            if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
                throw TrackingException.invalid(
                        "'" + field + "' must be at most 200 characters without control characters.");
            }
            return value;
        }
        if (node.isIntegralNumber()) {
            return node.asString();
        }
        throw TrackingException.invalid("'" + field + "' must be a string or a number.");
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw TrackingException.invalid("'" + field + "' must be a string.");
        }
        String value = node.stringValue();
        if (value.length() > 500) {
            throw TrackingException.invalid("'" + field + "' must be at most 500 characters.");
        }
        return value;
    }

    private static @Nullable Instant instant(@Nullable JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw TrackingException.invalid("'" + field + "' must be an ISO-8601 date-time string.");
        }
        try {
            return OffsetDateTime.parse(node.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw TrackingException.invalid("'" + field + "' is '" + node.stringValue()
                    + "', not an ISO-8601 date-time such as 2026-11-23T10:15:30.000Z.");
        }
    }
}
