package org.oneplace.fulfilment;

import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.Customers;
import org.oneplace.fulfilment.internal.FulfilmentRepository;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.LocationView;
import org.oneplace.inventory.StockLine;
import org.oneplace.order.FulfilmentType;
import org.oneplace.order.OrderException;
import org.oneplace.order.OrderService;
import org.oneplace.order.OrderStatus;
import org.oneplace.order.OrderView;
import org.oneplace.platform.AuditActor;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Money;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Pickups, shipping updates and returns. */
@Service
@Validated
public class FulfilmentService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LONGEST_HOLD = Duration.ofDays(90);

    private final FulfilmentRepository repository;
    private final OrderService orders;
    private final InventoryService inventory;
    private final Customers customers;
    private final FulfilmentProperties properties;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FulfilmentService(
            FulfilmentRepository repository,
            OrderService orders,
            InventoryService inventory,
            Customers customers,
            FulfilmentProperties properties,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.orders = orders;
        this.inventory = inventory;
        this.customers = customers;
        this.properties = properties;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // --- pickup ------------------------------------------------------------------------------------------------

    /**
     * A store's pickup queue, oldest first.
     *
     * @param status {@code waiting}, {@code ready}, or null for both
     * @param q a pickup code, an order number or part of the customer's name
     */
    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public List<PickupView> pickups(String locationCode, @Nullable String status, @Nullable String q) {
        LocationView location = inventory.location(locationCode);
        Set<OrderStatus> statuses = switch (status == null ? "" : status) {
            case "" -> EnumSet.of(OrderStatus.PLACED, OrderStatus.READY_FOR_PICKUP);
            case "waiting" -> EnumSet.of(OrderStatus.PLACED);
            case "ready" -> EnumSet.of(OrderStatus.READY_FOR_PICKUP);
            case "collected" -> EnumSet.of(OrderStatus.COLLECTED);
            case "cancelled" -> EnumSet.of(OrderStatus.CANCELLED);
            default ->
                throw FulfilmentException.invalid(
                        "'" + status + "' is not a pickup status; use waiting, ready, collected or cancelled.");
        };
        List<OrderView> queue = orders.pickupsAt(location.code(), statuses, 500);
        Map<UUID, FulfilmentRepository.Pickup> pickups =
                repository.pickups(queue.stream().map(OrderView::id).toList());
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<PickupView> views = new ArrayList<>();
        for (OrderView order : queue) {
            FulfilmentRepository.Pickup pickup = pickups.get(order.id());
            if (!needle.isEmpty() && !matches(order, pickup, needle)) {
                continue;
            }
            views.add(view(order, pickup));
        }
        return views;
    }

    private static boolean matches(OrderView order, FulfilmentRepository.@Nullable Pickup pickup, String needle) {
        return (pickup != null && pickup.code().equals(needle))
                || String.valueOf(order.number()).equals(needle.replace("#", ""))
                || (order.customerName() != null
                        && order.customerName().toLowerCase(Locale.ROOT).contains(needle));
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public PickupView pickup(UUID orderId) {
        OrderView order = pickupOrder(orderId);
        return view(order, repository.pickup(orderId).orElse(null));
    }

    /**
     * The order waits at the counter: a pickup code is made, the deadline set, and the customer told.
     *
     * @param pickupBy until when it waits; the configured pickup window from now when null
     */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public PickupView ready(UUID orderId, @Nullable Instant pickupBy) {
        OrderView order = pickupOrder(orderId);
        Instant now = clock.instant();
        Instant deadline = pickupBy == null ? now.plus(properties.pickupWindow()) : pickupBy;
        if (!deadline.isAfter(now) || deadline.isAfter(now.plus(LONGEST_HOLD))) {
            throw FulfilmentException.invalid("'pickupBy' must be in the future and at most 90 days away.");
        }
        LocationView location = inventory.location(order.locationCode());
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        orders.markReadyForPickup(orderId, " at " + location.name() + " until " + deadline);
        repository.insertPickup(orderId, location.code(), code, now, deadline);
        events.publishEvent(new PickupReady(
                orderId, order.number(), order.customerId(), location.code(), location.name(), code, deadline, now));
        return pickup(orderId);
    }

    /** Hands the order over: with the customer's code, or after staff checked who they are. */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public PickupView handover(UUID orderId, @Nullable String code, boolean identityChecked) {
        OrderView order = pickupOrder(orderId);
        FulfilmentRepository.Pickup pickup = repository
                .pickup(orderId)
                .filter(p -> p.status().equals("ready"))
                .orElseThrow(() -> FulfilmentException.notReady(
                        order.number(), order.status().code()));
        String how;
        if (code != null && !code.isBlank()) {
            if (!MessageDigest.isEqual(
                    pickup.code().getBytes(StandardCharsets.UTF_8), code.strip().getBytes(StandardCharsets.UTF_8))) {
                throw FulfilmentException.wrongCode(order.number());
            }
            how = "pickup code";
        } else if (identityChecked) {
            how = "identity checked by " + AuditActor.currentName();
        } else {
            throw FulfilmentException.invalid(
                    "Give the customer's pickup 'code', or set 'identityChecked' to true after checking who they are.");
        }
        if (!repository.close(orderId, "collected", clock.instant())) {
            throw FulfilmentException.notReady(order.number(), "closed");
        }
        orders.collect(orderId, how);
        audit.record("pickup.handed_over", "order", orderId.toString(), null, Map.of("how", how));
        return pickup(orderId);
    }

    /** Cancels ready pickups past their deadline and releases their stock; answers how many (the no-show job). */
    @Transactional
    public int cancelNoShows(int limit) {
        Instant now = clock.instant();
        List<UUID> overdue = repository.overdue(now, limit);
        for (UUID orderId : overdue) {
            repository.close(orderId, "cancelled", now);
            orders.cancelOrder(orderId, "not collected within the pickup window", null);
        }
        return overdue.size();
    }

    /** Records how the customer was told (by {@code PickupNotices}). */
    @Transactional
    public void noticeGiven(UUID orderId, @Nullable String channel, String status, @Nullable String detail) {
        repository.notice(orderId, channel, status, detail);
    }

    private OrderView pickupOrder(UUID orderId) {
        OrderView order = orders.find(orderId).orElseThrow(() -> OrderException.unknownOrder(orderId));
        if (order.fulfilment() != FulfilmentType.PICKUP) {
            throw FulfilmentException.invalid("Order #" + order.number() + " is not a pickup order.");
        }
        return order;
    }

    private static PickupView view(OrderView order, FulfilmentRepository.@Nullable Pickup pickup) {
        String status = switch (order.status()) {
            case PLACED -> "waiting";
            case READY_FOR_PICKUP -> "ready";
            default -> order.status().code();
        };
        String notice = null;
        if (pickup != null) {
            notice = switch (pickup.noticeStatus()) {
                case "sent" -> "sent by " + pickup.noticeChannel();
                case "pending" -> "being sent";
                default -> "not sent: " + pickup.noticeDetail();
            };
        }
        return new PickupView(
                order.id(),
                order.number(),
                order.customerId(),
                order.customerName(),
                String.valueOf(order.locationCode()),
                status,
                order.lines(),
                order.total(),
                order.createdAt(),
                pickup == null ? null : pickup.code(),
                pickup == null ? null : pickup.readyAt(),
                pickup == null ? null : pickup.deadline(),
                notice);
    }

    // --- shipping ----------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public OrderView shipped(UUID orderId, String carrier, String trackingNumber) {
        return orders.ship(orderId, carrier.strip(), trackingNumber.strip());
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public OrderView delivered(UUID orderId) {
        return orders.deliver(orderId);
    }

    // --- returns -----------------------------------------------------------------------------------------------

    /** Starts a return; 409 when more would come back than was bought. */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReturnView createReturn(@Valid CreateReturn command) {
        OrderView order =
                orders.find(command.orderId()).orElseThrow(() -> OrderException.unknownOrder(command.orderId()));
        if (command.customerId() != null) {
            UUID live = customers.liveId(command.customerId()).orElse(null);
            if (!order.customerId().equals(live)) {
                // someone else's order is not found, not forbidden: its existence is not the caller's business
                throw OrderException.unknownOrder(command.orderId());
            }
        }
        Map<String, Integer> quantities = new TreeMap<>();
        command.lines().forEach(l -> quantities.merge(l.sku(), l.quantity().value(), Math::addExact));
        Money refund = orders.claimReturn(order.id(), quantities, command.channel());
        ReturnView created = new ReturnView(
                Uuid7.next(),
                order.id(),
                "requested",
                quantities,
                command.reason() == null ? "" : command.reason().strip(),
                command.channel(),
                refund,
                null,
                clock.instant(),
                null);
        repository.insertReturn(created, AuditActor.currentName());
        audit.record("return.created", "return", created.id().toString(), null, created);
        return created;
    }

    /** The goods arrived at a location (any location): stock rises there and the refund is recorded. */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReturnView receive(UUID returnId, String locationCode) {
        ReturnView request =
                repository.findReturn(returnId).orElseThrow(() -> FulfilmentException.unknownReturn(returnId));
        LocationView location = inventory.location(locationCode);
        if (!repository.receive(returnId, location.code(), clock.instant())) {
            throw FulfilmentException.alreadyReceived(returnId);
        }
        inventory.receiveReturn(
                request.lines().entrySet().stream()
                        .map(l -> new StockLine(l.getKey(), location.code(), l.getValue()))
                        .toList(),
                "return:" + returnId);
        orders.returnReceived(request.orderId(), request.lines(), request.refund(), location);
        audit.record("return.received", "return", returnId.toString(), request, Map.of("location", location.code()));
        OrderView order = orders.find(request.orderId()).orElseThrow();
        events.publishEvent(new ReturnReceived(
                returnId,
                order.id(),
                order.customerId(),
                order.channel(),
                request.channel(),
                location.code(),
                request.lines().values().stream().mapToInt(Integer::intValue).sum(),
                clock.instant()));
        return repository.findReturn(returnId).orElseThrow();
    }

    /** A return handed in at a store's desk: started and received there, in one transaction. */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReturnView takeReturnAt(@Valid CreateReturn command, String locationCode) {
        return receive(createReturn(command).id(), locationCode);
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public ReturnView returnRequest(UUID id) {
        return repository.findReturn(id).orElseThrow(() -> FulfilmentException.unknownReturn(id));
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public List<ReturnView> returnsOf(UUID orderId) {
        orders.find(orderId).orElseThrow(() -> OrderException.unknownOrder(orderId));
        return repository.returnsOf(orderId);
    }
}
