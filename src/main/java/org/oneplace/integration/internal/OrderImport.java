package org.oneplace.integration.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.order.FulfilmentType;
import org.oneplace.order.ImportedOrder;
import org.oneplace.order.OrderImports;
import org.oneplace.order.OrderStatus;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes orders from another system's history. Each order names its customer by identifiers ({@code userId},
 * {@code email}, {@code phone}, {@code loyaltyId} …), resolved exactly as live traffic is; {@code orderId} (the other
 * system's id: the same one is never brought in twice), {@code placedAt}, {@code channel} ({@code web}, {@code app},
 * {@code store} …), {@code fulfilment} ({@code ship}, {@code pickup}, {@code in_store}; in_store for the store channel,
 * else ship), {@code location} (the store's code), {@code status} ({@code completed}, {@code delivered},
 * {@code cancelled}; completed when absent) and {@code currency}; and lines of {@code sku}, {@code quantity} and the
 * price paid, {@code unitPrice} in minor units (1299) or {@code price} in the currency's units (12.99). In CSV one row
 * is one line and consecutive rows with the same {@code orderId} are one order; in JSON Lines one line is one order
 * with {@code lines: [{sku, quantity, unitPrice | price}]}. An order with an unknown SKU or location is refused whole.
 */
@Component
class OrderImport implements ImportWriter {

    private static final Set<String> HEAD =
            Set.of("orderid", "placedat", "channel", "fulfilment", "location", "status", "currency");
    private static final Set<String> LINE = Set.of("sku", "quantity", "unitprice", "price");

    private final Customers customers;
    private final OrderImports orders;
    private final CustomerRows fieldReader;

    OrderImport(Customers customers, OrderImports orders, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.orders = orders;
        this.fieldReader = new CustomerRows(customers, json, clock);
    }

    @Override
    public void checkHeader(List<String> columns) {
        Set<String> keys = new java.util.HashSet<>();
        boolean identifier = false;
        for (String column : columns) {
            String key = CustomerRows.key(column);
            if (!HEAD.contains(key) && !LINE.contains(key) && !CustomerRows.SINGLE.containsKey(key)) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is not one an order import knows."
                        + " Use orderId, placedAt, channel, fulfilment, location, status, currency, sku, quantity,"
                        + " unitPrice or price, and the customer's userId, email, phone, loyaltyId or anonymousId.");
            }
            if (!keys.add(key)) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is there twice.");
            }
            identifier |= CustomerRows.SINGLE.containsKey(key);
        }
        for (String needed : List.of("orderid", "placedat", "channel", "currency", "sku", "quantity")) {
            if (!keys.contains(needed)) {
                throw new ImportFile.Unreadable("Line 1: an order import needs a column " + needed + ".");
            }
        }
        if (!keys.contains("unitprice") && !keys.contains("price")) {
            throw new ImportFile.Unreadable("Line 1: an order import needs the price paid, as unitPrice (minor units)"
                    + " or price (e.g. 12.99).");
        }
        if (!identifier) {
            throw new ImportFile.Unreadable(
                    "Line 1: no column names the customer; give userId, email, phone or loyaltyId.");
        }
    }

    @Override
    public boolean groupsRows() {
        return true;
    }

    @Override
    public boolean continues(ImportFile.Row previous, ImportFile.Row next) {
        String a = orderId(previous);
        return a != null && a.equals(orderId(next));
    }

    private static @Nullable String orderId(ImportFile.Row row) {
        for (Map.Entry<String, JsonNode> field : row.fields().entrySet()) {
            if (CustomerRows.key(field.getKey()).equals("orderid")
                    && !field.getValue().isNull()) {
                return field.getValue().asString();
            }
        }
        return null;
    }

    /** An order read from its rows, with the line it starts on and how many rows it has. */
    private record Parsed(long line, int rows, List<IdentifierClaim> customer, ImportedOrder order) {}

    @Override
    public Written write(ImportRepository.Job job, List<ImportFile.Row> batch) {
        List<ImportRejectView> rejects = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        List<ImportFile.Row> group = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            group.add(batch.get(i));
            if (i + 1 < batch.size() && continues(batch.get(i), batch.get(i + 1))) {
                continue;
            }
            try {
                parsed.add(parse(group));
            } catch (CustomerRows.Refused e) {
                rejects.add(new ImportRejectView(group.getFirst().line(), e.field, e.getMessage()));
            }
            group = new ArrayList<>();
        }
        List<ImportedOrder.@Nullable Outcome> problems =
                orders.check(parsed.stream().map(Parsed::order).toList());
        List<Parsed> valid = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            ImportedOrder.Outcome problem = problems.get(i);
            if (problem == null) {
                valid.add(parsed.get(i));
            } else {
                rejects.add(new ImportRejectView(parsed.get(i).line(), problem.field(), problem.problem()));
            }
        }
        List<Resolution> resolutions = customers.resolveAll(valid.stream()
                .map(p -> new ResolveIdentity(
                        p.customer(),
                        CustomerImport.SOURCE,
                        ImportWriter.ref(job, p.line()),
                        p.order().placedAt()))
                .toList());
        List<ImportedOrder.Outcome> outcomes = orders.record(
                valid.stream().map(Parsed::order).toList(),
                resolutions.stream().map(Resolution::customerId).toList(),
                "import " + job.view().id());
        long written = 0;
        long created = 0;
        for (int i = 0; i < valid.size(); i++) {
            ImportedOrder.Outcome outcome = outcomes.get(i);
            if (outcome.problem() != null) {
                rejects.add(new ImportRejectView(valid.get(i).line(), outcome.field(), outcome.problem()));
            } else {
                written += valid.get(i).rows();
                created += outcome.created() ? 1 : 0;
            }
        }
        rejects.sort(java.util.Comparator.comparingLong(ImportRejectView::line));
        return new Written(
                written,
                resolutions.stream().filter(Resolution::created).count(),
                resolutions.stream().mapToLong(r -> r.mergedIds().size()).sum(),
                resolutions.stream().mapToLong(r -> r.conflicts().size()).sum(),
                0,
                created,
                rejects);
    }

    /** Reads an order from its rows: the head from the first, lines from every row (and a JSON line's lines). */
    private Parsed parse(List<ImportFile.Row> rows) {
        ImportFile.Row first = rows.getFirst();
        for (ImportFile.Row row : rows) {
            if (row.problem() != null) {
                throw new CustomerRows.Refused(row.field(), "Line " + row.line() + ": " + row.problem());
            }
        }
        Map<String, JsonNode> head = fields(first);
        Map<String, IdentifierClaim> claims = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : first.fields().entrySet()) {
            String key = CustomerRows.key(field.getKey());
            if (CustomerRows.SINGLE.containsKey(key) && !field.getValue().isNull()) {
                fieldReader.claim(
                        CustomerRows.SINGLE.get(key),
                        CustomerRows.text(field.getKey(), field.getValue()),
                        field.getKey(),
                        claims);
            } else if (!HEAD.contains(key) && !LINE.contains(key) && !key.equals("lines")) {
                throw new CustomerRows.Refused(field.getKey(), "'" + field.getKey() + "' is not a field of an order.");
            }
        }
        if (claims.isEmpty()) {
            throw new CustomerRows.Refused(
                    null, "The order names no customer: give userId, email, phone or loyaltyId.");
        }
        String ref = required(head, "orderid", "orderId");
        if (ref.length() > 100) {
            throw new CustomerRows.Refused("orderId", "An orderId has at most 100 characters.");
        }
        if (!head.containsKey("placedat")) {
            throw missing("placedAt");
        }
        Instant placedAt = fieldReader.instant("placedAt", head.get("placedat"));
        ChannelType channel;
        FulfilmentType fulfilment;
        OrderStatus status;
        String currency;
        try {
            channel = ChannelType.parse(required(head, "channel", "channel"));
        } catch (IllegalArgumentException e) {
            throw new CustomerRows.Refused("channel", e.getMessage() + ".");
        }
        try {
            fulfilment = head.containsKey("fulfilment")
                    ? FulfilmentType.parse(head.get("fulfilment").asString())
                    : channel == ChannelType.STORE ? FulfilmentType.IN_STORE : FulfilmentType.SHIP;
        } catch (IllegalArgumentException e) {
            throw new CustomerRows.Refused("fulfilment", "'fulfilment' is ship, pickup or in_store.");
        }
        try {
            status = head.containsKey("status")
                    ? OrderStatus.parse(head.get("status").asString().strip())
                    : OrderStatus.COMPLETED;
        } catch (IllegalArgumentException e) {
            throw new CustomerRows.Refused("status", "'status' is completed, delivered or cancelled.");
        }
        try {
            currency = Money.currencyCode(required(head, "currency", "currency"));
        } catch (IllegalArgumentException e) {
            throw new CustomerRows.Refused("currency", e.getMessage() + ".");
        }
        String location =
                head.containsKey("location") ? head.get("location").asString().strip() : null;
        List<ImportedOrder.Line> lines = new ArrayList<>();
        for (ImportFile.Row row : rows) {
            Map<String, JsonNode> fields = fields(row);
            if (fields.containsKey("sku")) {
                lines.add(line(fields, currency));
            }
            JsonNode nested = fields.get("lines");
            if (nested != null && nested.isArray()) {
                for (JsonNode one : nested) {
                    Map<String, JsonNode> lineFields = new LinkedHashMap<>();
                    one.properties().forEach(e -> lineFields.put(CustomerRows.key(e.getKey()), e.getValue()));
                    lines.add(line(lineFields, currency));
                }
            } else if (nested != null) {
                throw new CustomerRows.Refused("lines", "'lines' is an array of {sku, quantity, unitPrice}.");
            }
        }
        return new Parsed(
                first.line(),
                rows.size(),
                List.copyOf(claims.values()),
                new ImportedOrder(
                        ref,
                        channel,
                        fulfilment,
                        location == null || location.isEmpty() ? null : location,
                        status,
                        placedAt,
                        currency,
                        lines));
    }

    private static ImportedOrder.Line line(Map<String, JsonNode> fields, String currency) {
        String sku = required(fields, "sku", "sku").strip();
        int quantity;
        try {
            quantity = Integer.parseInt(required(fields, "quantity", "quantity").strip());
        } catch (NumberFormatException e) {
            throw new CustomerRows.Refused("quantity", "'quantity' is a whole number of units.");
        }
        if (quantity < 1 || quantity > 100_000) {
            throw new CustomerRows.Refused("quantity", "'quantity' is between 1 and 100000.");
        }
        long unitPrice = CatalogRowImport.minorUnits(fields, currency);
        return new ImportedOrder.Line(sku, quantity, unitPrice);
    }

    private static Map<String, JsonNode> fields(ImportFile.Row row) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        row.fields().forEach((name, value) -> {
            if (!value.isNull()) {
                fields.put(CustomerRows.key(name), value);
            }
        });
        return fields;
    }

    private static String required(Map<String, JsonNode> fields, String key, String name) {
        JsonNode value = fields.get(key);
        if (value == null || value.asString().isBlank()) {
            throw missing(name);
        }
        return CustomerRows.text(name, value);
    }

    private static CustomerRows.Refused missing(String name) {
        return new CustomerRows.Refused(name, "'" + name + "' is missing.");
    }
}
