package org.oneplace.marketing.internal;

// Why this class is large: it is the one reader of a journey definition — entry, steps, graph, exits, caps — so every
// refusal names its field the same way and nothing reads a definition without these checks; the entry parsing could
// move to a class of its own when the remaining entries (back_in_stock, near_store …) arrive.

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.MarketingException;
import org.oneplace.marketing.MarketingSettings;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.InvalidValueException;
import tools.jackson.databind.JsonNode;

/**
 * A journey's definition, read and checked: the entry, the steps as a graph (each goes on to the next in the list
 * unless it is a condition, which names its branches, or an exit), the exits. Refused with the field at fault: an
 * unknown type or field, a step id used twice, a branch to no step, a loop, a step nothing leads to, a wait of zero
 * or negative length.
 */
public record JourneyDefinition(
        Entry entry,
        Map<String, Step> steps,
        String first,
        Set<String> exitOn,
        boolean reentry,
        MarketingSettings.@Nullable FrequencyCap cap) {

    /** The entries that run in this version; the others in DESIGN.md are refused as not available yet. */
    public enum EntryType {
        CART_ABANDONED,
        ORDER_PLACED,
        REPLENISHMENT_DUE,
        BROADCAST,
        EVENT
    }

    /** @param after how long the trigger must stay true first (a cart idle this long) */
    public record Entry(
            EntryType type,
            Duration after,
            int daysBefore,
            @Nullable UUID segmentId,
            @Nullable Instant sendAt,
            int ratePerMinute,
            @Nullable String event,
            Map<String, JsonNode> where) {}

    public sealed interface Step {
        String id();

        /** The step after this one in the list, null at the end. */
        @Nullable
        String next();
    }

    public record Wait(
            String id,
            @Nullable Duration duration,
            @Nullable LocalTime until,
            @Nullable String next) implements Step {}

    public record Send(
            String id,
            UUID templateId,
            List<ChannelType> channels,
            ConsentPurpose purpose,
            @Nullable String next) implements Step {}

    public record Condition(
            String id,
            JsonNode rule,
            String then,
            String otherwise,
            @Nullable String next) implements Step {}

    public record Exit(String id, @Nullable String next) implements Step {}

    static final Set<String> EXITS = Set.of("order_placed", "cart_emptied", "consent_withdrawn");
    private static final Set<String> LATER = Set.of("back_in_stock", "near_store", "segment_entered", "no_order_for");
    private static final Duration LONGEST = Duration.ofDays(366);

    public Step step(String id) {
        Step step = steps.get(id);
        if (step == null) {
            throw new IllegalStateException("no step " + id);
        }
        return step;
    }

    public List<Send> sends() {
        return steps.values().stream()
                .filter(Send.class::isInstance)
                .map(Send.class::cast)
                .toList();
    }

    /**
     * Reads a definition ({@code entry}, {@code steps}, {@code exitOn}, {@code reentry}, {@code cap}).
     *
     * @param ruleCheck checks a condition's rule, throwing with the field at fault
     */
    public static JourneyDefinition read(
            JsonNode definition, java.util.function.BiConsumer<JsonNode, String> ruleCheck) {
        Entry entry = entry(definition.path("entry"));
        JsonNode list = definition.path("steps");
        if (!list.isArray() || list.isEmpty()) {
            throw MarketingException.invalid("steps", "A journey has at least one step.");
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ids.add(id(list.get(i), "steps[" + i + "]"));
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "steps[" + i + "]";
            String id = ids.get(i);
            if (steps.containsKey(id)) {
                throw MarketingException.invalid(path + ".id", "Step id '" + id + "' is used twice.");
            }
            String next = i + 1 < ids.size() ? ids.get(i + 1) : null;
            steps.put(id, step(list.get(i), path, id, next, Set.copyOf(ids), ruleCheck));
        }
        checkGraph(steps, ids);
        Set<String> exitOn = new LinkedHashSet<>();
        JsonNode exits = definition.path("exitOn");
        if (exits.isArray()) {
            for (int i = 0; i < exits.size(); i++) {
                String exit = exits.get(i).asString("");
                if (!EXITS.contains(exit)) {
                    throw MarketingException.invalid(
                            "exitOn[" + i + "]",
                            "'" + exit + "' is not an exit; use "
                                    + EXITS.stream().sorted().toList() + ".");
                }
                exitOn.add(exit);
            }
        }
        if (entry.type() == EntryType.CART_ABANDONED) {
            // a cart journey ends when the cart does: bought, or emptied
            exitOn.add("order_placed");
            exitOn.add("cart_emptied");
        }
        if (entry.type() == EntryType.REPLENISHMENT_DUE) {
            exitOn.add("order_placed"); // bought again: no reminder
        }
        String reentry = definition.path("reentry").asString("after_exit");
        if (!reentry.equals("after_exit") && !reentry.equals("never")) {
            throw MarketingException.invalid("reentry", "'reentry' is after_exit (the default) or never.");
        }
        return new JourneyDefinition(
                entry,
                steps,
                ids.getFirst(),
                Set.copyOf(exitOn),
                reentry.equals("after_exit"),
                cap(definition.path("cap")));
    }

    private static Entry entry(JsonNode node) {
        if (!node.isObject()) {
            throw MarketingException.invalid(
                    "entry",
                    "The entry is an object such as {\"type\": \"cart_abandoned\"," + " \"after\": \"PT30M\"}.");
        }
        String type = node.path("type").asString("");
        if (LATER.contains(type)) {
            throw MarketingException.invalid(
                    "entry.type",
                    "The entry '" + type + "' is not available in this version"
                            + " yet; use cart_abandoned, event, order_placed, replenishment_due or broadcast.");
        }
        EntryType entryType;
        try {
            entryType = EntryType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MarketingException.invalid(
                    "entry.type",
                    "'" + type
                            + "' is not an entry; use cart_abandoned, order_placed, replenishment_due or broadcast.");
        }
        only(
                node,
                "entry",
                switch (entryType) {
                    case CART_ABANDONED -> Set.of("type", "after");
                    case REPLENISHMENT_DUE -> Set.of("type", "daysBefore");
                    case ORDER_PLACED -> Set.of("type");
                    case BROADCAST -> Set.of("type", "segmentId", "sendAt", "ratePerMinute");
                    case EVENT -> Set.of("type", "name", "where");
                });
        Duration after = entryType == EntryType.CART_ABANDONED
                ? duration(
                        node.path("after").isMissingNode()
                                ? "PT30M"
                                : node.path("after").asString(""),
                        "entry.after")
                : Duration.ZERO;
        int daysBefore = 0;
        if (entryType == EntryType.REPLENISHMENT_DUE) {
            JsonNode days = node.path("daysBefore");
            daysBefore = days.isMissingNode() ? 3 : days.asInt(-1);
            if (!days.isMissingNode() && (!days.isIntegralNumber() || daysBefore < 0 || daysBefore > 60)) {
                throw MarketingException.invalid(
                        "entry.daysBefore", "'daysBefore' is a whole number of days from 0" + " to 60.");
            }
        }
        UUID segment = null;
        Instant sendAt = null;
        int rate = 0;
        if (entryType == EntryType.BROADCAST) {
            try {
                segment = UUID.fromString(node.path("segmentId").asString(""));
            } catch (IllegalArgumentException e) {
                throw MarketingException.invalid("entry.segmentId", "'segmentId' is the id of a segment.");
            }
            try {
                sendAt = Instant.parse(node.path("sendAt").asString(""));
            } catch (DateTimeParseException e) {
                throw MarketingException.invalid(
                        "entry.sendAt", "'sendAt' is an ISO 8601 instant like" + " 2026-12-24T09:00:00Z.");
            }
            JsonNode perMinute = node.path("ratePerMinute");
            rate = perMinute.isMissingNode() ? 600 : perMinute.asInt(-1);
            if (!perMinute.isMissingNode() && (!perMinute.isIntegralNumber() || rate < 1 || rate > 100_000)) {
                throw MarketingException.invalid(
                        "entry.ratePerMinute", "'ratePerMinute' is a whole number from 1 to 100000.");
            }
        }
        String event = null;
        Map<String, JsonNode> where = new LinkedHashMap<>();
        if (entryType == EntryType.EVENT) {
            event = node.path("name").asString("").strip();
            if (event.isEmpty() || event.length() > 200) {
                throw MarketingException.invalid(
                        "entry.name",
                        "'name' is the tracked event's name, e.g. Product" + " Viewed or product_viewed.");
            }
            JsonNode properties = node.path("where");
            if (!properties.isMissingNode() && !properties.isNull()) {
                if (!properties.isObject()) {
                    throw MarketingException.invalid("entry.where", "'where' maps property names to values.");
                }
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    if (!property.getValue().isValueNode()) {
                        throw MarketingException.invalid(
                                "entry.where." + property.getKey(), "Property values are text, numbers or booleans.");
                    }
                    where.put(property.getKey(), property.getValue());
                }
            }
        }
        return new Entry(entryType, after, daysBefore, segment, sendAt, rate, event, Map.copyOf(where));
    }

    private static String id(JsonNode step, String path) {
        if (!step.isObject()) {
            throw MarketingException.invalid(path, "A step is an object {id, type, …}.");
        }
        String id = step.path("id").asString("");
        if (!id.matches("[A-Za-z0-9_-]{1,60}")) {
            throw MarketingException.invalid(
                    path + ".id", "A step id is 1 to 60 letters, digits, '_' or '-'; got '" + id + "'.");
        }
        return id;
    }

    private static Step step(
            JsonNode node,
            String path,
            String id,
            @Nullable String next,
            Set<String> ids,
            java.util.function.BiConsumer<JsonNode, String> ruleCheck) {
        String type = node.path("type").asString("");
        return switch (type) {
            case "wait" -> {
                only(node, path, Set.of("id", "type", "duration", "until"));
                boolean hasDuration = node.has("duration");
                if (hasDuration == node.has("until")) {
                    throw MarketingException.invalid(
                            path,
                            "A wait has either 'duration' (ISO 8601, e.g. PT2H) or"
                                    + " 'until' (a local time, e.g. 10:00).");
                }
                if (hasDuration) {
                    yield new Wait(id, duration(node.path("duration").asString(""), path + ".duration"), null, next);
                }
                try {
                    yield new Wait(id, null, LocalTime.parse(node.path("until").asString("")), next);
                } catch (DateTimeParseException e) {
                    throw MarketingException.invalid(path + ".until", "'until' is a local time like 10:00.");
                }
            }
            case "send" -> {
                only(node, path, Set.of("id", "type", "templateId", "channels", "purpose"));
                UUID template;
                try {
                    template = UUID.fromString(node.path("templateId").asString(""));
                } catch (IllegalArgumentException e) {
                    throw MarketingException.invalid(path + ".templateId", "'templateId' is the id of a template.");
                }
                JsonNode channels = node.path("channels");
                if (!channels.isArray() || channels.isEmpty() || channels.size() > 8) {
                    throw MarketingException.invalid(
                            path + ".channels",
                            "'channels' lists 1 to 8 channels in order" + " of preference, e.g. [\"email\", \"sms\"].");
                }
                List<ChannelType> order = new ArrayList<>();
                for (int i = 0; i < channels.size(); i++) {
                    ChannelType channel;
                    try {
                        channel = ChannelType.parse(channels.get(i).asString(""));
                    } catch (InvalidValueException e) {
                        throw MarketingException.invalid(path + ".channels[" + i + "]", e.getMessage());
                    }
                    if (!ChannelType.CONSENT_CHANNELS.contains(channel) || channel == ChannelType.PHONE) {
                        throw MarketingException.invalid(
                                path + ".channels[" + i + "]",
                                channel.label()
                                        + " cannot carry a marketing message; use e-mail, SMS, WhatsApp, Messenger,"
                                        + " Instagram, Telegram or push.");
                    }
                    order.add(channel);
                }
                ConsentPurpose purpose;
                try {
                    purpose = ConsentPurpose.parse(node.path("purpose").asString("marketing"));
                } catch (InvalidValueException e) {
                    throw MarketingException.invalid(path + ".purpose", e.getMessage());
                }
                if (purpose != ConsentPurpose.MARKETING && purpose != ConsentPurpose.TRANSACTIONAL) {
                    throw MarketingException.invalid(path + ".purpose", "'purpose' is marketing or transactional.");
                }
                yield new Send(id, template, List.copyOf(order), purpose, next);
            }
            case "condition" -> {
                only(node, path, Set.of("id", "type", "rule", "then", "else"));
                ruleCheck.accept(node.path("rule"), path + ".rule");
                String then = node.path("then").asString("");
                String otherwise = node.path("else").asString("");
                if (!ids.contains(then)) {
                    throw MarketingException.invalid(
                            path + ".then", "'then' names a step of this journey; there is no '" + then + "'.");
                }
                if (!ids.contains(otherwise)) {
                    throw MarketingException.invalid(
                            path + ".else", "'else' names a step of this journey; there is no '" + otherwise + "'.");
                }
                yield new Condition(id, node.path("rule"), then, otherwise, next);
            }
            case "exit" -> {
                only(node, path, Set.of("id", "type"));
                yield new Exit(id, next);
            }
            default ->
                throw MarketingException.invalid(
                        path + ".type", "'" + type + "' is not a step type; use wait, send, condition or exit.");
        };
    }

    /** Every step reachable from the first, and no loops. */
    private static void checkGraph(Map<String, Step> steps, List<String> ids) {
        Map<String, Integer> state = new HashMap<>();
        visit(ids.getFirst(), steps, state, new ArrayList<>());
        for (int i = 0; i < ids.size(); i++) {
            if (!state.containsKey(ids.get(i))) {
                throw MarketingException.invalid(
                        "steps[" + i + "]",
                        "No step leads to '" + ids.get(i)
                                + "': it follows an exit or is skipped by every condition. Remove it or branch to it.");
            }
        }
    }

    private static void visit(String id, Map<String, Step> steps, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(id);
        if (seen != null) {
            if (seen == 1) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
                loop.add(id);
                throw MarketingException.invalid(
                        "steps",
                        "The steps loop: " + String.join(" → ", loop)
                                + ". A journey runs forward; use a wait and a condition without going back.");
            }
            return;
        }
        state.put(id, 1);
        path.add(id);
        for (String next : successors(steps.get(id))) {
            visit(next, steps, state, path);
        }
        path.removeLast();
        state.put(id, 2);
    }

    private static List<String> successors(Step step) {
        return switch (step) {
            case Condition c -> List.of(c.then(), c.otherwise());
            case Exit e -> List.of();
            default -> step.next() == null ? List.of() : List.of(step.next());
        };
    }

    private static Duration duration(String text, String field) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw MarketingException.invalid(field, "'" + text + "' is not an ISO 8601 duration like PT30M or P2D.");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw MarketingException.invalid(field, "A wait lasts longer than zero; got " + text + ".");
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw MarketingException.invalid(field, "A wait lasts at most a year (P366D); got " + text + ".");
        }
        return duration;
    }

    private static MarketingSettings.@Nullable FrequencyCap cap(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        only(node, "cap", Set.of("count", "period"));
        int count = node.path("count").asInt(-1);
        if (!node.path("count").isIntegralNumber() || count < 1 || count > 1000) {
            throw MarketingException.invalid("cap.count", "'count' is a whole number from 1 to 1000.");
        }
        try {
            return new MarketingSettings.FrequencyCap(
                    count, java.time.Period.parse(node.path("period").asString("")));
        } catch (DateTimeParseException e) {
            throw MarketingException.invalid("cap.period", "'period' is an ISO 8601 period like P7D.");
        }
    }

    private static void only(JsonNode node, String path, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw MarketingException.invalid(
                        path + "." + name,
                        "Unknown field '" + name + "'; allowed: "
                                + allowed.stream().sorted().toList() + ".");
            }
        }
    }
}
