package org.oneplace.order;

// Why this class is large: checkout and every later step of an order (payment, pickup, shipping, cancellation,
// returns) move the same order row, its stock and its history together; the read side and the till's late sales
// could move to a class of their own when they grow.

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.catalog.PriceQuote;
import org.oneplace.catalog.PricedLine;
import org.oneplace.catalog.PricingService;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.inventory.InventoryException;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.LocationView;
import org.oneplace.inventory.StockLine;
import org.oneplace.order.internal.OrderRepository;
import org.oneplace.platform.AuditActor;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Money;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Checkout and the life of an order. Checkout prices, reserves (or sells) and records in one transaction: either
 * the order exists with its units held, or nothing happened and the answer names the SKU and location short of
 * stock. The methods without a permission are the API fulfilment drives (its own endpoints check permissions).
 */
@Service
@Validated
public class OrderService {

    private final OrderRepository orders;
    private final Customers customers;
    private final PricingService pricing;
    private final InventoryService inventory;
    private final CartService carts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderService(
            OrderRepository orders,
            Customers customers,
            PricingService pricing,
            InventoryService inventory,
            CartService carts,
            ApplicationEventPublisher events,
            Clock clock) {
        this.orders = orders;
        this.customers = customers;
        this.pricing = pricing;
        this.inventory = inventory;
        this.carts = carts;
        this.events = events;
        this.clock = clock;
    }

    /** The stock reference of an order's reservations and sales. */
    public static String stockReference(UUID orderId) {
        return "order:" + orderId;
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public OrderView place(@Valid PlaceOrder command) {
        UUID live = customers
                .liveId(command.customerId())
                .orElseThrow(() -> CustomerException.unknownCustomer(command.customerId()));
        customers.lockLiveShared(Set.of(live));
        Map<String, Integer> quantities = new TreeMap<>();
        if (command.lines() != null) {
            command.lines().forEach(l -> quantities.merge(l.sku(), l.quantity().value(), Math::addExact));
        } else {
            quantities.putAll(carts.quantities(live));
            if (quantities.isEmpty()) {
                throw OrderException.emptyCart(live);
            }
        }
        FulfilmentType type = command.fulfilment().type();
        String locationCode = command.fulfilment().locationCode();
        LocationView location = null;
        if (type != FulfilmentType.SHIP && locationCode == null) {
            throw OrderException.invalid("'fulfilment.locationCode' is required for " + type.code()
                    + ": the store where the order is picked up or bought.");
        }
        if (locationCode != null) {
            location = inventory.location(locationCode);
            if (type == FulfilmentType.PICKUP && !location.pickup()) {
                throw InventoryException.noPickup(location.name());
            }
        }
        PriceQuote quote = pricing.price(quantities, command.codes() == null ? List.of() : command.codes());

        UUID id = Uuid7.next();
        String reference = stockReference(id);
        Map<String, String> locationBySku = new LinkedHashMap<>();
        if (location != null) {
            String code = location.code();
            List<StockLine> lines = quantities.entrySet().stream()
                    .map(e -> new StockLine(e.getKey(), code, e.getValue()))
                    .toList();
            if (type == FulfilmentType.IN_STORE) {
                inventory.sellAll(lines, reference);
            } else {
                inventory.reserveAll(lines, reference, null);
            }
            quantities.keySet().forEach(sku -> locationBySku.put(sku, code));
        } else {
            inventory
                    .reserveForShipping(quantities, reference)
                    .forEach(l -> locationBySku.put(l.sku(), l.locationCode()));
        }

        Instant now = placedAt(command, type);
        OrderStatus status = type == FulfilmentType.IN_STORE ? OrderStatus.COMPLETED : OrderStatus.PLACED;
        PaymentStatus payment = command.payment() == null
                ? PaymentStatus.PENDING
                : command.payment().status();
        String name = customers.summary(live).map(CustomerSummary::name).orElse(null);
        long number = orders.insert(new OrderRepository.NewOrder(
                id,
                live,
                name,
                command.channel(),
                type,
                location == null ? null : location.code(),
                status,
                payment,
                command.payment() == null ? null : command.payment().reference(),
                quote.subtotal(),
                quote.discount(),
                quote.total(),
                quote.codes(),
                now));
        for (PricedLine line : quote.lines()) {
            orders.insertLine(
                    id,
                    new OrderLineView(
                            line.sku(),
                            line.name(),
                            line.options(),
                            line.quantity(),
                            line.unitPrice(),
                            line.discount(),
                            line.total(),
                            locationBySku.get(line.sku()),
                            0));
        }
        carts.purchased(live, quantities, command.channel());
        String what = items(quote.lines()) + " — " + quote.total();
        String summary = switch (type) {
            case IN_STORE -> "Bought in store at " + location.name() + " (order #" + number + "): " + what;
            case PICKUP -> "Order #" + number + " placed for pickup at " + location.name() + ": " + what;
            case SHIP -> "Order #" + number + " placed for delivery: " + what;
        };
        step(id, live, now, "placed", status, command.channel(), summary);
        events.publishEvent(new OrderPlaced(
                id,
                number,
                live,
                command.channel(),
                type,
                location == null ? null : location.code(),
                quote.total(),
                quantities.values().stream().mapToInt(Integer::intValue).sum(),
                now,
                false));
        return orders.find(id).orElseThrow();
    }

    /** When the order happened: now, or for a till's late sale the time it gives (checked). */
    private Instant placedAt(PlaceOrder command, FulfilmentType type) {
        Instant now = clock.instant();
        Instant placedAt = command.placedAt();
        if (placedAt == null) {
            return now;
        }
        if (type != FulfilmentType.IN_STORE) {
            throw OrderException.invalid("'placedAt' is for in-store sales a till sends after the fact; an online"
                    + " order is placed now. Leave it out.");
        }
        if (placedAt.isAfter(now.plusSeconds(300)) || placedAt.isBefore(now.minus(java.time.Duration.ofDays(1096)))) {
            throw OrderException.invalid(
                    "'placedAt' is when the sale happened: not in the future and at most three" + " years ago.");
        }
        return placedAt;
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public OrderView order(UUID id) {
        return orders.find(id).orElseThrow(() -> OrderException.unknownOrder(id));
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public Page<OrderView> ofCustomer(UUID customerId, @Nullable String cursor, int limit) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        Cursor before = Cursor.parse(cursor, 2);
        // merged customers' orders were moved to the survivor by the merge itself
        List<OrderView> page = orders.ofCustomers(
                List.of(live),
                before == null ? null : before.instant(0),
                before == null ? null : before.uuid(1),
                limit + 1);
        return Page.of(page, limit, o -> Cursor.of(o.createdAt(), o.id()));
    }

    /**
     * Every order, oldest first, a page at a time (a bulk export for a warehouse); the cursor is the position after
     * the page before. Needs orders:read and customers:export: it is everyone's purchases at once.
     */
    @PreAuthorize("hasAuthority('orders:read') and hasAuthority('customers:export')")
    @Transactional(readOnly = true)
    public Page<OrderView> exportPage(@Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 2);
        int size = Math.clamp(limit, 1, 1000);
        List<OrderView> page =
                orders.page(after == null ? null : after.instant(0), after == null ? null : after.uuid(1), size + 1);
        return Page.of(page, size, o -> Cursor.of(o.createdAt(), o.id()));
    }

    /** Records what is known about the payment (the port a payment gateway integration calls). */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public OrderView recordPayment(UUID id, PaymentStatus status, @Nullable String reference) {
        OrderView order = order(id);
        orders.payment(id, status, reference, clock.instant());
        step(
                id,
                order.customerId(),
                clock.instant(),
                "payment_" + status.code(),
                order.status(),
                null,
                "Order #" + order.number() + ": payment " + status.code().replace('_', ' ')
                        + (reference == null ? "" : " (" + reference + ")"));
        return order(id);
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public OrderView cancel(UUID id, @Nullable String reason, @Nullable ChannelType channel) {
        return cancelOrder(id, reason == null || reason.isBlank() ? "cancelled" : reason.strip(), channel);
    }

    // --- module API for fulfilment -----------------------------------------------------------------------------

    /** An order, without a permission check. */
    @Transactional(readOnly = true)
    public Optional<OrderView> find(UUID id) {
        return orders.find(id);
    }

    /** A store's pickup orders in some statuses, oldest first. */
    @Transactional(readOnly = true)
    public List<OrderView> pickupsAt(String locationCode, Set<OrderStatus> statuses, int limit) {
        return orders.pickupsAt(locationCode, statuses, limit);
    }

    @Transactional
    public OrderView markReadyForPickup(UUID id, String note) {
        OrderView order = transition(id, EnumSet.of(OrderStatus.PLACED), OrderStatus.READY_FOR_PICKUP, "placed");
        if (order.fulfilment() != FulfilmentType.PICKUP) {
            throw OrderException.invalid("Order #" + order.number() + " is not a pickup order.");
        }
        step(
                id,
                order.customerId(),
                clock.instant(),
                "ready_for_pickup",
                OrderStatus.READY_FOR_PICKUP,
                ChannelType.STORE,
                "Order #" + order.number() + " ready for pickup" + note);
        return find(id).orElseThrow();
    }

    @Transactional
    public OrderView collect(UUID id, String how) {
        OrderView order =
                transition(id, EnumSet.of(OrderStatus.READY_FOR_PICKUP), OrderStatus.COLLECTED, "ready for pickup");
        inventory.commit(stockReference(id));
        step(
                id,
                order.customerId(),
                clock.instant(),
                "collected",
                OrderStatus.COLLECTED,
                ChannelType.STORE,
                "Order #" + order.number() + " collected (" + how + ")");
        return find(id).orElseThrow();
    }

    /** Cancels a placed or ready order and releases its units (by a person, or a pickup nobody came for). */
    @Transactional
    public OrderView cancelOrder(UUID id, String reason, @Nullable ChannelType channel) {
        OrderView order = transition(
                id,
                EnumSet.of(OrderStatus.PLACED, OrderStatus.READY_FOR_PICKUP),
                OrderStatus.CANCELLED,
                "placed or ready for pickup");
        inventory.release(stockReference(id));
        step(
                id,
                order.customerId(),
                clock.instant(),
                "cancelled",
                OrderStatus.CANCELLED,
                channel,
                "Order #" + order.number() + " cancelled: " + reason);
        return find(id).orElseThrow();
    }

    @Transactional
    public OrderView ship(UUID id, String carrier, String trackingNumber) {
        OrderView order = transition(id, EnumSet.of(OrderStatus.PLACED), OrderStatus.SHIPPED, "placed");
        if (order.fulfilment() != FulfilmentType.SHIP) {
            throw OrderException.invalid("Order #" + order.number() + " is not a delivery order.");
        }
        inventory.commit(stockReference(id));
        step(
                id,
                order.customerId(),
                clock.instant(),
                "shipped",
                OrderStatus.SHIPPED,
                null,
                "Order #" + order.number() + " shipped with " + carrier + ", tracking number " + trackingNumber);
        return find(id).orElseThrow();
    }

    @Transactional
    public OrderView deliver(UUID id) {
        OrderView order = transition(id, EnumSet.of(OrderStatus.SHIPPED), OrderStatus.DELIVERED, "shipped");
        step(
                id,
                order.customerId(),
                clock.instant(),
                "delivered",
                OrderStatus.DELIVERED,
                null,
                "Order #" + order.number() + " delivered");
        return find(id).orElseThrow();
    }

    /**
     * Claims units of an order for a return and answers the refund they are worth (what was paid for them,
     * discounts included).
     *
     * @throws OrderException 409 when more would be returned than were bought, or the customer does not have the
     *     goods yet
     */
    @Transactional
    public Money claimReturn(UUID id, Map<String, Integer> quantities, @Nullable ChannelType channel) {
        OrderView order = find(id).orElseThrow(() -> OrderException.unknownOrder(id));
        if (!order.status().withCustomer()) {
            throw OrderException.wrongStatus(order.number(), order.status(), "collected, delivered or completed");
        }
        Map<String, OrderLineView> lines = order.lines().stream().collect(Collectors.toMap(OrderLineView::sku, l -> l));
        Money refund = Money.zero(order.total().currency());
        for (var item : new TreeMap<>(quantities).entrySet()) {
            OrderLineView line = lines.get(item.getKey());
            if (line == null) {
                throw OrderException.notInOrder(item.getKey(), order.number());
            }
            if (!orders.claimReturn(id, item.getKey(), item.getValue())) {
                int returned = find(id).orElseThrow().lines().stream()
                        .filter(l -> l.sku().equals(item.getKey()))
                        .mapToInt(OrderLineView::returned)
                        .sum();
                throw OrderException.tooManyReturned(item.getKey(), item.getValue(), line.quantity(), returned);
            }
            refund = refund.plus(new Money(
                    BigDecimal.valueOf(line.total().amount())
                            .multiply(BigDecimal.valueOf(item.getValue()))
                            .divide(BigDecimal.valueOf(line.quantity()), 0, RoundingMode.HALF_EVEN)
                            .longValueExact(),
                    refund.currency()));
        }
        step(
                id,
                order.customerId(),
                clock.instant(),
                "return_requested",
                order.status(),
                channel,
                "Return started for order #" + order.number() + ": " + items(order, quantities));
        return refund;
    }

    /** Returned units arrived at a location and the refund was recorded. */
    @Transactional
    public void returnReceived(UUID id, Map<String, Integer> quantities, Money refund, LocationView location) {
        OrderView order = find(id).orElseThrow(() -> OrderException.unknownOrder(id));
        Instant now = clock.instant();
        orders.addRefund(id, refund.amount(), now);
        long refunded = order.refunded().amount() + refund.amount();
        orders.payment(
                id,
                refunded >= order.total().amount() ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED,
                null,
                now);
        step(
                id,
                order.customerId(),
                now,
                "return_received",
                order.status(),
                ChannelType.STORE,
                "Return received at " + location.name() + " for order #" + order.number() + ": "
                        + items(order, quantities) + "; refund " + refund);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private OrderView transition(UUID id, Set<OrderStatus> from, OrderStatus to, String wanted) {
        OrderView order = find(id).orElseThrow(() -> OrderException.unknownOrder(id));
        if (!orders.transition(id, from, to, clock.instant())) {
            OrderView now = find(id).orElseThrow();
            throw OrderException.wrongStatus(now.number(), now.status(), wanted);
        }
        events.publishEvent(
                new OrderStatusChanged(id, order.number(), order.customerId(), order.status(), to, clock.instant()));
        return order;
    }

    private void step(
            UUID orderId,
            UUID customerId,
            Instant at,
            String type,
            OrderStatus status,
            @Nullable ChannelType channel,
            String summary) {
        orders.insertStep(new OrderRepository.Step(
                Uuid7.next(), orderId, customerId, at, type, status, channel, summary, AuditActor.currentName()));
    }

    private static String items(List<PricedLine> lines) {
        return lines.stream()
                .map(l -> label(l.name(), l.options()) + " ×" + l.quantity())
                .collect(Collectors.joining(", "));
    }

    private static String items(OrderView order, Map<String, Integer> quantities) {
        return order.lines().stream()
                .filter(l -> quantities.containsKey(l.sku()))
                .map(l -> label(l.name(), l.options()) + " ×" + quantities.get(l.sku()))
                .collect(Collectors.joining(", "));
    }

    private static String label(String name, Map<String, String> options) {
        return options.isEmpty() ? name : name + " (" + String.join(", ", options.values()) + ")";
    }
}
