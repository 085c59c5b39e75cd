package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.consent.ConsentService;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierType;
import org.oneplace.marketing.MarketingException;
import org.oneplace.order.Purchases;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.tracking.TrackedEvents;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compiles segment rules to one SQL statement: every condition is a {@link CustomerFilter} written by the module that
 * owns the data (traits by customer, consents by consent, events by tracking, orders by order, carts by cart), and
 * {@code all}/{@code any}/{@code not} combine them, so PostgreSQL plans the whole audience and nothing is loaded
 * into memory. Unknown fields and wrong values are refused naming the field ({@code rules.all[1].atLeast}).
 */
@Component
public class SegmentRules {

    private static final int MAX_CONDITIONS = 50;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_DAYS = 3660;
    private static final Set<String> COMBINATORS = Set.of("all", "any", "not");
    private static final Set<String> CONDITIONS = Set.of("trait", "identifier", "consent", "event", "orders", "cart");

    private final Customers customers;
    private final ConsentService consents;
    private final TrackedEvents events;
    private final Purchases purchases;
    private final CartService carts;
    private final Clock clock;

    SegmentRules(
            Customers customers,
            ConsentService consents,
            TrackedEvents events,
            Purchases purchases,
            CartService carts,
            Clock clock) {
        this.customers = customers;
        this.consents = consents;
        this.events = events;
        this.purchases = purchases;
        this.carts = carts;
        this.clock = clock;
    }

    /** The audience as one statement selecting {@code customer_id}; checks the rules on the way. */
    public CustomerFilter compile(JsonNode rules) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = condition(rules, "rules", 0, new AtomicInteger(), params);
        CustomerFilter live = customers.live();
        params.putAll(live.params());
        return new CustomerFilter("SELECT base.customer_id FROM (" + live.sql() + ") base WHERE " + where, params);
    }

    /** Checks rules without running them. */
    public void check(JsonNode rules) {
        compile(rules);
    }

    private String condition(JsonNode node, String path, int depth, AtomicInteger count, Map<String, Object> params) {
        if (!node.isObject()) {
            throw MarketingException.invalid(
                    path,
                    "A rule is an object such as {\"all\": [...]} or"
                            + " {\"trait\": \"city\", \"equals\": \"Paris\"}; got " + node.getNodeType() + ".");
        }
        if (depth > MAX_DEPTH) {
            throw MarketingException.invalid(path, "Rules nest at most " + MAX_DEPTH + " levels deep.");
        }
        List<String> kinds = new ArrayList<>();
        for (String name : node.propertyNames()) {
            if (COMBINATORS.contains(name) || CONDITIONS.contains(name)) {
                kinds.add(name);
            }
        }
        if (kinds.size() != 1) {
            throw MarketingException.invalid(
                    path,
                    kinds.isEmpty()
                            ? "A rule needs one of " + sorted(COMBINATORS) + " or a condition " + sorted(CONDITIONS)
                                    + "; it has " + node.propertyNames() + "."
                            : "A rule has exactly one kind; this one has " + kinds + ". Put them in {\"all\": [...]}.");
        }
        String kind = kinds.getFirst();
        switch (kind) {
            case "all", "any" -> {
                allowOnly(node, path, Set.of(kind));
                JsonNode list = node.get(kind);
                if (!list.isArray() || list.isEmpty()) {
                    throw MarketingException.invalid(path + "." + kind, "'" + kind + "' is a non-empty list of rules.");
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    parts.add(condition(list.get(i), path + "." + kind + "[" + i + "]", depth + 1, count, params));
                }
                return "(" + String.join(kind.equals("all") ? " AND " : " OR ", parts) + ")";
            }
            case "not" -> {
                allowOnly(node, path, Set.of("not"));
                return "NOT " + condition(node.get("not"), path + ".not", depth + 1, count, params);
            }
            default -> {
                if (count.incrementAndGet() > MAX_CONDITIONS) {
                    throw MarketingException.invalid(path, "A segment has at most " + MAX_CONDITIONS + " conditions.");
                }
                CustomerFilter filter = leaf(kind, node, path).prefixed("c" + count.get());
                params.putAll(filter.params());
                // EXISTS, not IN: under NOT it plans as an anti-join; NOT IN over a large subquery that does not fit
                // in work_mem is re-scanned for every customer (found by bench M2)
                String alias = "f" + count.get();
                return "EXISTS (SELECT 1 FROM (" + filter.sql() + ") " + alias + " WHERE " + alias
                        + ".customer_id = base.customer_id)";
            }
        }
    }

    private CustomerFilter leaf(String kind, JsonNode node, String path) {
        Instant now = clock.instant();
        return switch (kind) {
            case "trait" -> {
                allowOnly(node, path, Set.of("trait", "equals"));
                String key = text(node, "trait", path, 200);
                JsonNode equals = node.get("equals");
                if (equals != null && !equals.isValueNode()) {
                    throw MarketingException.invalid(path + ".equals", "'equals' is a text, number or boolean.");
                }
                yield customers.withTrait(key, equals == null || equals.isNull() ? null : equals.asString());
            }
            case "identifier" -> {
                allowOnly(node, path, Set.of("identifier"));
                yield customers.withIdentifier(
                        parse(path + ".identifier", () -> IdentifierType.parse(text(node, "identifier", path, 40))));
            }
            case "consent" -> {
                allowOnly(node, path, Set.of("consent"));
                JsonNode consent = node.get("consent");
                allowOnly(consent, path + ".consent", Set.of("channel", "purpose"));
                ChannelType channel =
                        parse(path + ".consent.channel", () -> ChannelType.parse(text(consent, "channel", path, 40)));
                ConsentPurpose purpose = consent.has("purpose")
                        ? parse(
                                path + ".consent.purpose",
                                () -> ConsentPurpose.parse(text(consent, "purpose", path, 40)))
                        : ConsentPurpose.MARKETING;
                yield consents.granted(channel, purpose);
            }
            case "event" -> {
                allowOnly(node, path, Set.of("event", "where", "atLeast", "withinDays"));
                String name = text(node, "event", path, 200);
                Map<String, Object> where = new LinkedHashMap<>();
                JsonNode w = node.get("where");
                if (w != null && !w.isNull()) {
                    if (!w.isObject()) {
                        throw MarketingException.invalid(path + ".where", "'where' maps property names to values.");
                    }
                    for (Map.Entry<String, JsonNode> property : w.properties()) {
                        if (!property.getValue().isValueNode()) {
                            throw MarketingException.invalid(
                                    path + ".where." + property.getKey(),
                                    "Property values are text, numbers or booleans.");
                        }
                        where.put(property.getKey(), property.getValue());
                    }
                }
                int atLeast = number(node, "atLeast", path, 1, 1, 100_000);
                int days = number(node, "withinDays", path, 30, 1, MAX_DAYS);
                yield events.did(name, where, atLeast, now.minus(Duration.ofDays(days)));
            }
            case "orders" -> {
                allowOnly(node, path, Set.of("orders"));
                JsonNode orders = node.get("orders");
                allowOnly(orders, path + ".orders", Set.of("atLeast", "spendAtLeast", "withinDays", "sku"));
                int atLeast = number(orders, "atLeast", path + ".orders", 1, 1, 100_000);
                int spend = number(orders, "spendAtLeast", path + ".orders", 0, 0, Integer.MAX_VALUE);
                int days = number(orders, "withinDays", path + ".orders", 365, 1, MAX_DAYS);
                String sku = orders.has("sku") ? text(orders, "sku", path + ".orders", 100) : null;
                yield purchases.ordered(atLeast, spend, now.minus(Duration.ofDays(days)), sku);
            }
            case "cart" -> {
                allowOnly(node, path, Set.of("cart"));
                JsonNode cart = node.get("cart");
                allowOnly(cart, path + ".cart", Set.of("idleMinutes"));
                int idle = number(cart, "idleMinutes", path + ".cart", 0, 0, 525_600);
                yield carts.idleSince(now.minus(Duration.ofMinutes(idle)));
            }
            default -> throw new IllegalStateException(kind);
        };
    }

    private static void allowOnly(@Nullable JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw MarketingException.invalid(path, "Expected an object with " + sorted(allowed) + ".");
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw MarketingException.invalid(
                        path + "." + name, "Unknown field '" + name + "' here; allowed: " + sorted(allowed) + ".");
            }
        }
    }

    private static String text(JsonNode node, String field, String path, int max) {
        JsonNode value = node.get(field);
        if (value == null
                || !value.isString()
                || value.asString().isBlank()
                || value.asString().length() > max) {
            throw MarketingException.invalid(
                    path + "." + field, "'" + field + "' is a non-empty text of at most " + max + " characters.");
        }
        return value.asString().strip();
    }

    private static int number(JsonNode node, String field, String path, int otherwise, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw MarketingException.invalid(
                    path + "." + field, "'" + field + "' is a whole number from " + min + " to " + max + ".");
        }
        return value.asInt();
    }

    private static <T> T parse(String path, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidValueException e) {
            throw MarketingException.invalid(path, e.getMessage());
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
