package org.oneplace.order;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.CatalogService;
import org.oneplace.catalog.VariantView;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.LocationView;
import org.oneplace.order.internal.OrderRepository;
import org.oneplace.shared.Money;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Brings orders from another system's history in (module API for the bulk import; no permission is checked here, the
 * import is). Runs in the caller's transaction and throws nothing for a bad order: each one answers an
 * {@link ImportedOrder.Outcome}, so one unknown SKU refuses its order, not the batch. An order already brought in under
 * its reference is left as it is. Each new order is announced as {@link OrderPlaced} with {@code imported} set:
 * analytics counts it, marketing starts nothing for the past, webhooks leave it out.
 */
@Service
public class OrderImports {

    private static final Set<OrderStatus> STATUSES =
            Set.of(OrderStatus.COMPLETED, OrderStatus.DELIVERED, OrderStatus.CANCELLED);

    private final OrderRepository orders;
    private final Customers customers;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final ApplicationEventPublisher events;

    OrderImports(
            OrderRepository orders,
            Customers customers,
            CatalogService catalog,
            InventoryService inventory,
            ApplicationEventPublisher events) {
        this.orders = orders;
        this.customers = customers;
        this.catalog = catalog;
        this.inventory = inventory;
        this.events = events;
    }

    /**
     * Checks orders before their customers are resolved (so a refused order makes no customer): statuses, lines, SKUs
     * and locations. Answers, per order, null when it can be recorded, else the refusal.
     */
    public List<ImportedOrder.@Nullable Outcome> check(List<ImportedOrder> batch) {
        Map<String, VariantView> variants = variants(batch);
        Map<String, LocationView> locations = locations(batch);
        List<ImportedOrder.@Nullable Outcome> problems = new ArrayList<>();
        for (ImportedOrder order : batch) {
            problems.add(check(order, variants, locations));
        }
        return problems;
    }

    /**
     * Records the orders not brought in before, for these (resolved) customers, in the caller's transaction; answers
     * one outcome per order, in order.
     */
    public List<ImportedOrder.Outcome> record(List<ImportedOrder> batch, List<UUID> customerIds, String actor) {
        Map<String, UUID> known = orders.byExternalRef(
                batch.stream().map(ImportedOrder::externalRef).toList());
        Map<String, VariantView> variants = variants(batch);
        Map<String, LocationView> locations = locations(batch);
        Set<UUID> live = customers.lockLiveShared(new HashSet<>(customerIds));
        List<ImportedOrder.Outcome> outcomes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            ImportedOrder order = batch.get(i);
            UUID customer = customerIds.get(i);
            UUID existing = known.get(order.externalRef());
            if (existing != null) {
                outcomes.add(new ImportedOrder.Outcome(existing, false, null, null));
                continue;
            }
            if (!seen.add(order.externalRef())) {
                outcomes.add(refused(
                        "orderId",
                        "The orderId " + order.externalRef() + " is on another order of this"
                                + " batch; keep an order's rows together."));
                continue;
            }
            ImportedOrder.Outcome refused = check(order, variants, locations);
            if (refused == null && !live.contains(customer)) {
                refused = refused(null, "The customer was erased or merged meanwhile.");
            }
            if (refused != null) {
                outcomes.add(refused);
                continue;
            }
            outcomes.add(
                    new ImportedOrder.Outcome(insert(order, customer, variants, locations, actor), true, null, null));
        }
        return outcomes;
    }

    private Map<String, VariantView> variants(List<ImportedOrder> batch) {
        return catalog.variants(batch.stream()
                .flatMap(o -> o.lines().stream().map(ImportedOrder.Line::sku))
                .collect(Collectors.toSet()));
    }

    private Map<String, LocationView> locations(List<ImportedOrder> batch) {
        return inventory.locations(batch.stream()
                .map(ImportedOrder::locationCode)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet()));
    }

    private static ImportedOrder.@Nullable Outcome check(
            ImportedOrder order, Map<String, VariantView> variants, Map<String, LocationView> locations) {
        if (!STATUSES.contains(order.status())) {
            return refused(
                    "status",
                    "An imported order is completed, delivered or cancelled, not "
                            + order.status().code() + ".");
        }
        if (order.lines().isEmpty()) {
            return refused("sku", "The order has no lines.");
        }
        List<String> unknown = order.lines().stream()
                .map(ImportedOrder.Line::sku)
                .filter(sku -> !variants.containsKey(sku))
                .distinct()
                .toList();
        if (!unknown.isEmpty()) {
            return refused("sku", "Unknown SKU " + String.join(", ", unknown) + ": bring the products in first.");
        }
        if (order.lines().stream().map(ImportedOrder.Line::sku).distinct().count()
                != order.lines().size()) {
            return refused("sku", "A SKU is on two lines of the order; give it once with the whole quantity.");
        }
        if (order.locationCode() != null && !locations.containsKey(order.locationCode())) {
            return refused("location", "Unknown location " + order.locationCode() + ".");
        }
        if (order.fulfilment() != FulfilmentType.SHIP && order.locationCode() == null) {
            return refused("location", "A " + order.fulfilment().code() + " order needs the store's location code.");
        }
        return null;
    }

    private static ImportedOrder.Outcome refused(@Nullable String field, String problem) {
        return new ImportedOrder.Outcome(null, false, field, problem);
    }

    private UUID insert(
            ImportedOrder order,
            UUID customerId,
            Map<String, VariantView> variants,
            Map<String, LocationView> locations,
            String actor) {
        UUID id = Uuid7.next();
        String currency = order.currency();
        Money total = Money.zero(currency);
        int units = 0;
        List<OrderLineView> lines = new ArrayList<>();
        for (ImportedOrder.Line line : order.lines()) {
            VariantView variant = variants.get(line.sku());
            Money unit = new Money(line.unitPrice(), currency);
            Money lineTotal = unit.times(line.quantity());
            total = total.plus(lineTotal);
            units += line.quantity();
            lines.add(new OrderLineView(
                    line.sku(),
                    variant.productName(),
                    variant.options(),
                    line.quantity(),
                    unit,
                    Money.zero(currency),
                    lineTotal,
                    order.locationCode(),
                    0));
        }
        String name = customers.summary(customerId).map(CustomerSummary::name).orElse(null);
        long number = orders.insert(new OrderRepository.NewOrder(
                id,
                customerId,
                name,
                order.channel(),
                order.fulfilment(),
                order.locationCode(),
                order.status(),
                order.status() == OrderStatus.CANCELLED ? PaymentStatus.PENDING : PaymentStatus.PAID,
                null,
                total,
                Money.zero(currency),
                total,
                List.of(),
                order.placedAt()));
        orders.externalRef(id, order.externalRef());
        lines.forEach(line -> orders.insertLine(id, line));
        String where = order.locationCode() == null
                ? order.channel().label()
                : locations.get(order.locationCode()).name();
        orders.insertStep(new OrderRepository.Step(
                Uuid7.next(),
                id,
                customerId,
                order.placedAt(),
                "imported",
                order.status(),
                order.channel(),
                "Order #" + number + " (" + order.externalRef() + ", " + where + ") brought in from earlier records: "
                        + lines.stream()
                                .map(l -> l.name() + " ×" + l.quantity())
                                .collect(Collectors.joining(", "))
                        + " — " + total,
                actor));
        events.publishEvent(new OrderPlaced(
                id,
                number,
                customerId,
                order.channel(),
                order.fulfilment(),
                order.locationCode(),
                total,
                units,
                order.placedAt(),
                true));
        return id;
    }
}
