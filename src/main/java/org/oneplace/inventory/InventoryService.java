package org.oneplace.inventory;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.CatalogService;
import org.oneplace.inventory.internal.LocationRepository;
import org.oneplace.inventory.internal.StockRepository;
import org.oneplace.inventory.internal.StockRepository.Movement;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Locations, stock, reservations and availability. The methods without a permission are the module API that
 * orders and fulfilment call inside their own transactions, so a check and a reservation commit together.
 *
 * <p>Lock order: every method that touches several items aggregates its lines per (SKU, location) and changes
 * them in that sorted order, so two transactions never wait on each other's rows in opposite orders.
 *
 * <p>Why this class is large: every stock change here (counts, adjustments, transfers, reservations, commits,
 * releases, returns) follows the lock order above and writes its level and its ledger line together; keeping them
 * in one class keeps that order visible in one place. Locations could move out; they are a small part.
 */
@Service
@Validated
public class InventoryService {

    private final LocationRepository locations;
    private final StockRepository stock;
    private final CatalogService catalog;
    private final InventoryProperties properties;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InventoryService(
            LocationRepository locations,
            StockRepository stock,
            CatalogService catalog,
            InventoryProperties properties,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.locations = locations;
        this.stock = stock;
        this.catalog = catalog;
        this.properties = properties;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // --- locations ---------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public LocationView createLocation(@Valid CreateLocation command) {
        LocationView location = new LocationView(
                command.code(),
                command.name().strip(),
                command.type(),
                command.latitude(),
                command.longitude(),
                command.pickup(),
                command.openingHours() == null ? Map.of() : Map.copyOf(command.openingHours()),
                clock.instant());
        if (!locations.insert(location)) {
            throw InventoryException.locationTaken(command.code());
        }
        audit.record("location.created", "location", location.code(), null, location);
        return location;
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<LocationView> locations() {
        return locations.all();
    }

    /** A location by code (module API and clients). */
    @Transactional(readOnly = true)
    public LocationView location(String code) {
        return locations.find(code).orElseThrow(() -> InventoryException.unknownLocation(code));
    }

    /** Locations by code; unknown codes are absent. */
    @Transactional(readOnly = true)
    public Map<String, LocationView> locations(Collection<String> codes) {
        return codes.isEmpty() ? Map.of() : locations.byCode(codes);
    }

    // --- stock levels ------------------------------------------------------------------------------------------

    /** A stock count (or receipt) at a location: sets on hand, and the safety stock when given. */
    @PreAuthorize("hasAuthority('inventory:manage')")
    @Transactional
    public StockLevelView setStock(String sku, String locationCode, @Valid SetStock command) {
        catalog.requireVariants(List.of(sku));
        LocationView location = location(locationCode);
        Instant now = clock.instant();
        stock.ensure(sku, location.code(), now);
        StockLevelView before = stock.lock(sku, location.code()).orElseThrow();
        int onHand = command.onHand();
        int safety = command.safetyStock() == null ? before.safetyStock() : command.safetyStock();
        if (onHand < before.reserved()) {
            throw InventoryException.belowReserved(sku, location.name(), onHand, before.reserved());
        }
        stock.set(sku, location.code(), onHand, safety, now);
        String reason = command.reason() == null || command.reason().isBlank()
                ? "count"
                : command.reason().strip();
        stock.movement(sku, location.code(), onHand - before.onHand(), 0, reason, null, now);
        StockLevelView after = stock.level(sku, location.code()).orElseThrow();
        audit.record("stock.set", "stock", sku + "@" + location.code(), before, after);
        announceIfBack(before, after, now);
        return after;
    }

    /** A receipt (+) or a loss (−) of units on hand. */
    @PreAuthorize("hasAuthority('inventory:manage')")
    @Transactional
    public StockLevelView adjust(String sku, String locationCode, @Valid AdjustStock command) {
        if (command.delta() == 0) {
            throw InventoryException.invalid("'delta' must not be 0: give the units received (+) or lost (−).");
        }
        catalog.requireVariants(List.of(sku));
        LocationView location = location(locationCode);
        Instant now = clock.instant();
        stock.ensure(sku, location.code(), now);
        StockLevelView before = stock.lock(sku, location.code()).orElseThrow();
        long onHand = (long) before.onHand() + command.delta();
        if (onHand > SetStock.MAX_ON_HAND) {
            throw InventoryException.invalid("Adding " + command.delta() + " of '" + sku + "' at '" + location.name()
                    + "' would make " + onHand + " on hand; one location holds at most " + SetStock.MAX_ON_HAND
                    + " of a SKU.");
        }
        if (onHand < 0) {
            throw InventoryException.invalid("Cannot remove " + -command.delta() + " of '" + sku + "' at '"
                    + location.name() + "': only " + before.onHand() + " are on hand.");
        }
        if (onHand < before.reserved()) {
            throw InventoryException.belowReserved(sku, location.name(), (int) onHand, before.reserved());
        }
        stock.apply(
                new Movement(
                        sku,
                        location.code(),
                        command.delta(),
                        0,
                        command.reason().strip(),
                        command.reference()),
                now);
        StockLevelView after = stock.level(sku, location.code()).orElseThrow();
        audit.record("stock.adjusted", "stock", sku + "@" + location.code(), before, after);
        announceIfBack(before, after, now);
        return after;
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<StockLevelView> levels(String sku) {
        catalog.requireVariants(List.of(sku));
        return stock.levels(sku);
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public StockLevelView level(String sku, String locationCode) {
        LocationView location = location(locationCode);
        return stock.level(sku, location.code())
                .orElseGet(() -> new StockLevelView(sku, location.code(), 0, 0, 0, 0, location.createdAt()));
    }

    /** Every stock level, a page at a time by SKU then location (a warehouse export); the cursor is the last one's. */
    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public Page<StockLevelView> exportPage(@Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 2);
        int size = Math.clamp(limit, 1, 1000);
        return Page.of(
                stock.page(after == null ? null : after.text(0), after == null ? null : after.text(1), size + 1),
                size,
                l -> Cursor.of(l.sku(), l.locationCode()));
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<StockLevelView> levelsAt(String locationCode, int limit) {
        return stock.levelsAt(location(locationCode).code(), limit);
    }

    /** The ledger of one item, oldest first: every receipt, count, reservation, release, sale and return. */
    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<StockMovementView> movements(String sku, String locationCode, @Nullable Long after, int limit) {
        return stock.movements(sku, location(locationCode).code(), after, limit);
    }

    /** Where a SKU can be had near a position, nearest first (J1: "which store near me has my size"). */
    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<AvailabilityView> availability(
            String sku, double latitude, double longitude, double radiusKm, boolean inStockOnly, int limit) {
        if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) { // NaN is neither
            throw InventoryException.invalid("'lat' must be between -90 and 90 and 'lon' between -180 and 180.");
        }
        if (!(radiusKm > 0) || radiusKm > 20_000) {
            throw InventoryException.invalid("'radiusKm' must be above 0 and at most 20000.");
        }
        return locations.near(sku, latitude, longitude, radiusKm, inStockOnly, limit);
    }

    /** What each SKU can promise across all locations (cart flags lines whose stock is gone). */
    @Transactional(readOnly = true)
    public Map<String, Integer> availableTotals(Collection<String> skus) {
        return skus.isEmpty() ? Map.of() : stock.availableTotals(skus);
    }

    /**
     * Locations that can ship a SKU: warehouses first, then stores, each by what they can promise, largest first.
     */
    @Transactional(readOnly = true)
    public List<String> shippingCandidates(String sku, int quantity) {
        List<StockLevelView> levels = stock.levels(sku);
        Map<String, LocationView> all = locations.byCode(
                levels.stream().map(StockLevelView::locationCode).toList());
        return levels.stream()
                .filter(l -> l.available() >= quantity)
                .sorted(Comparator.comparing((StockLevelView l) ->
                                all.get(l.locationCode()).type() == LocationType.WAREHOUSE ? 0 : 1)
                        .thenComparing(StockLevelView::available, Comparator.reverseOrder())
                        .thenComparing(StockLevelView::locationCode))
                .map(StockLevelView::locationCode)
                .toList();
    }

    // --- reservations and sales (module API) -------------------------------------------------------------------

    /**
     * Reserves every line or none (the caller's transaction rolls back on the first shortfall).
     *
     * @param ttl how long the units are held; null holds them until committed or released
     * @throws InventoryException naming the SKU and location short of stock
     */
    @Transactional
    public List<ReservationView> reserveAll(Collection<StockLine> lines, String reference, @Nullable Duration ttl) {
        Instant now = clock.instant();
        Map<String, LocationView> known = requireLocations(lines);
        List<ReservationView> reservations = new ArrayList<>();
        for (StockLine line : aggregate(lines)) {
            if (!stock.tryReserve(line.sku(), line.locationCode(), line.quantity(), now)) {
                throw shortfall(line, known.get(line.locationCode()));
            }
            reservations.add(hold(line, reference, ttl, now));
        }
        return reservations;
    }

    /**
     * Reserves each SKU, whole, at one location that can ship it (warehouses first, then the location that can
     * promise the most); every SKU or none.
     *
     * @return where each SKU's units are held
     */
    @Transactional
    public List<StockLine> reserveForShipping(Map<String, Integer> quantities, String reference) {
        Instant now = clock.instant();
        List<StockLine> held = new ArrayList<>();
        for (var item : new TreeMap<>(quantities).entrySet()) {
            String sku = item.getKey();
            int quantity = item.getValue();
            StockLine line = null;
            for (String candidate : shippingCandidates(sku, quantity)) {
                if (stock.tryReserve(sku, candidate, quantity, now)) {
                    line = new StockLine(sku, candidate, quantity);
                    break;
                }
            }
            if (line == null) {
                int best = stock.levels(sku).stream()
                        .mapToInt(StockLevelView::available)
                        .max()
                        .orElse(0);
                throw InventoryException.insufficient(sku, "any one location that ships", best, quantity);
            }
            hold(line, reference, null, now);
            held.add(line);
        }
        return held;
    }

    private ReservationView hold(StockLine line, String reference, @Nullable Duration ttl, Instant now) {
        ReservationView reservation = new ReservationView(
                Uuid7.next(),
                line.sku(),
                line.locationCode(),
                line.quantity(),
                reference,
                "active",
                ttl == null ? null : now.plus(ttl),
                now);
        stock.insertReservation(reservation);
        stock.movement(line.sku(), line.locationCode(), 0, line.quantity(), "reservation", reference, now);
        return reservation;
    }

    /** Sells units off the shelf at a till, every line or none. */
    @Transactional
    public void sellAll(Collection<StockLine> lines, String reference) {
        Instant now = clock.instant();
        Map<String, LocationView> known = requireLocations(lines);
        for (StockLine line : aggregate(lines)) {
            if (!stock.trySell(line.sku(), line.locationCode(), line.quantity(), now)) {
                throw shortfall(line, known.get(line.locationCode()));
            }
            stock.movement(line.sku(), line.locationCode(), -line.quantity(), 0, "sale", reference, now);
        }
    }

    /**
     * The held units of a reference leave the stock (handed over, shipped): on hand and reserved both drop.
     *
     * @return the units committed; empty when nothing was held any more (released or expired before)
     */
    @Transactional
    public List<StockLine> commit(String reference) {
        return commitClosed(stock.close(null, reference, "committed", true, clock.instant()), reference);
    }

    /** The held units of a reference go back to what can be promised. */
    @Transactional
    public List<StockLine> release(String reference) {
        return releaseClosed(stock.close(null, reference, "released", false, clock.instant()), reference, "release");
    }

    /** Returned units are back on the shelf at a location (any location: returns anywhere). */
    @Transactional
    public void receiveReturn(Collection<StockLine> lines, String reference) {
        Instant now = clock.instant();
        requireLocations(lines);
        for (StockLine line : aggregate(lines)) {
            stock.ensure(line.sku(), line.locationCode(), now);
            StockLevelView before = stock.lock(line.sku(), line.locationCode()).orElseThrow();
            stock.apply(new Movement(line.sku(), line.locationCode(), line.quantity(), 0, "return", reference), now);
            announceIfBack(before, stock.level(line.sku(), line.locationCode()).orElseThrow(), now);
        }
    }

    // --- reservations through the API --------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReservationView reserve(@Valid Reserve command) {
        Duration ttl =
                command.ttlSeconds() == null ? properties.reservationTtl() : Duration.ofSeconds(command.ttlSeconds());
        String reference = command.reference() == null || command.reference().isBlank()
                ? "api"
                : command.reference().strip();
        return reserveAll(
                        List.of(new StockLine(
                                command.sku(),
                                command.locationCode(),
                                command.quantity().value())),
                        reference,
                        ttl)
                .getFirst();
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public ReservationView reservation(UUID id) {
        return stock.reservation(id).orElseThrow(() -> InventoryException.unknownReservation(id));
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReservationView releaseReservation(UUID id) {
        ReservationView reservation = reservation(id);
        List<StockLine> closed = stock.close(id, null, "released", false, clock.instant());
        if (closed.isEmpty()) {
            throw InventoryException.reservationClosed(id, reservation(id).status());
        }
        releaseClosed(closed, reservation.reference(), "release");
        return reservation(id);
    }

    /** The reserved units were sold outside Oneplace's orders (e.g. by a storefront): they leave the stock. */
    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public ReservationView commitReservation(UUID id) {
        ReservationView reservation = reservation(id);
        List<StockLine> closed = stock.close(id, null, "committed", true, clock.instant());
        if (closed.isEmpty()) {
            String status = reservation(id).status();
            throw InventoryException.reservationClosed(id, "active".equals(status) ? "expired" : status);
        }
        commitClosed(closed, reservation.reference());
        return reservation(id);
    }

    /** Releases reservations past their expiry; answers how many (run by the expiry job). */
    @Transactional
    public int expireReservations(int limit) {
        Instant now = clock.instant();
        List<StockRepository.ExpiredReservation> expired = stock.expire(now, limit);
        TreeMap<StockKey, List<StockRepository.ExpiredReservation>> byItem = new TreeMap<>();
        expired.forEach(e -> byItem.computeIfAbsent(StockKey.of(e.line()), k -> new ArrayList<>())
                .add(e));
        for (var item : byItem.values()) {
            for (StockRepository.ExpiredReservation e : item) {
                StockLine line = e.line();
                stock.apply(
                        new Movement(line.sku(), line.locationCode(), 0, -line.quantity(), "expiry", e.id().toString()),
                        now);
            }
        }
        return expired.size();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private List<StockLine> commitClosed(List<StockLine> closed, String reference) {
        Instant now = clock.instant();
        List<StockLine> lines = aggregate(closed);
        for (StockLine line : lines) {
            stock.apply(
                    new Movement(
                            line.sku(), line.locationCode(), -line.quantity(), -line.quantity(), "commit", reference),
                    now);
        }
        return lines;
    }

    private List<StockLine> releaseClosed(List<StockLine> closed, String reference, String reason) {
        Instant now = clock.instant();
        List<StockLine> lines = aggregate(closed);
        for (StockLine line : lines) {
            stock.apply(new Movement(line.sku(), line.locationCode(), 0, -line.quantity(), reason, reference), now);
        }
        return lines;
    }

    /** One item of stock, ordered by SKU then location: the one lock order (see the class comment). */
    private record StockKey(String sku, String location) implements Comparable<StockKey> {
        private static final java.util.Comparator<StockKey> ORDER =
                java.util.Comparator.comparing(StockKey::sku).thenComparing(StockKey::location);

        static StockKey of(StockLine line) {
            return new StockKey(line.sku(), line.locationCode());
        }

        @Override
        public int compareTo(StockKey other) {
            return ORDER.compare(this, other);
        }
    }

    /** Adds up lines per (SKU, location) and sorts them: the one lock order (see the class comment). */
    static List<StockLine> aggregate(Collection<StockLine> lines) {
        TreeMap<StockKey, StockLine> items = new TreeMap<>();
        for (StockLine line : lines) {
            if (line.quantity() <= 0) {
                throw InventoryException.invalid("Quantities must be whole numbers from 1 up.");
            }
            items.merge(
                    StockKey.of(line),
                    line,
                    (a, b) -> new StockLine(a.sku(), a.locationCode(), Math.addExact(a.quantity(), b.quantity())));
        }
        return List.copyOf(items.values());
    }

    private Map<String, LocationView> requireLocations(Collection<StockLine> lines) {
        List<String> codes =
                lines.stream().map(StockLine::locationCode).distinct().toList();
        Map<String, LocationView> known = locations.byCode(codes);
        codes.stream().filter(c -> !known.containsKey(c)).findFirst().ifPresent(c -> {
            throw InventoryException.unknownLocation(c);
        });
        return known;
    }

    private InventoryException shortfall(StockLine line, LocationView location) {
        int available = stock.level(line.sku(), line.locationCode())
                .map(StockLevelView::available)
                .orElse(0);
        return InventoryException.insufficient(line.sku(), location.name(), available, line.quantity());
    }

    private void announceIfBack(StockLevelView before, StockLevelView after, Instant now) {
        if (before.available() == 0 && after.available() > 0) {
            events.publishEvent(new BackInStock(after.sku(), after.locationCode(), after.available(), now));
        }
    }
}
