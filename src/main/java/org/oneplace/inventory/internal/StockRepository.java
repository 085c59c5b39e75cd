package org.oneplace.inventory.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.inventory.ReservationView;
import org.oneplace.inventory.StockLevelView;
import org.oneplace.inventory.StockLine;
import org.oneplace.inventory.StockMovementView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stock levels, reservations and the movement ledger. Every method that changes a level writes its ledger line in
 * the same transaction, so the ledger of an item always sums to its level.
 */
@Repository
public class StockRepository {

    private static final String LEVEL = "sku, location_code, on_hand, reserved, safety_stock, updated_at";

    private final JdbcClient jdbc;

    StockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The level of an item, locked for this transaction; empty when the location never had the SKU. */
    public Optional<StockLevelView> lock(String sku, String location) {
        return level(sku, location, " for update");
    }

    public Optional<StockLevelView> level(String sku, String location) {
        return level(sku, location, "");
    }

    private Optional<StockLevelView> level(String sku, String location, String locking) {
        return jdbc.sql("select " + LEVEL + " from stock where sku = :sku and location_code = :loc" + locking)
                .param("sku", sku)
                .param("loc", location)
                .query(StockRepository::level)
                .optional();
    }

    public List<StockLevelView> levels(String sku) {
        return jdbc.sql("select " + LEVEL + " from stock where sku = :sku order by location_code")
                .param("sku", sku)
                .query(StockRepository::level)
                .list();
    }

    /** Every stock level, by SKU then location, after a position (a warehouse export). */
    public List<StockLevelView> page(@Nullable String afterSku, @Nullable String afterLocation, int limit) {
        return jdbc.sql("select " + LEVEL + """
                         from stock
                        where cast(:sku as text) is null or (sku, location_code) > (:sku, :loc)
                        order by sku, location_code limit :limit
                        """)
                .param("sku", afterSku)
                .param("loc", afterLocation)
                .param("limit", limit)
                .query(StockRepository::level)
                .list();
    }

    public List<StockLevelView> levelsAt(String location, int limit) {
        return jdbc.sql("select " + LEVEL + " from stock where location_code = :loc order by sku limit :limit")
                .param("loc", location)
                .param("limit", limit)
                .query(StockRepository::level)
                .list();
    }

    /** What each SKU can promise across all locations. */
    public Map<String, Integer> availableTotals(Collection<String> skus) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        jdbc.sql("""
                        select sku, sum(greatest(on_hand - reserved - safety_stock, 0)) as available
                        from stock where sku = any(:skus) group by sku
                        """).param("skus", skus.toArray(String[]::new)).query((ResultSet rs) -> {
            totals.put(rs.getString("sku"), rs.getInt("available"));
        });
        return totals;
    }

    /** Creates the level of an item at zero if it does not exist (so it can be locked). */
    public void ensure(String sku, String location, Instant now) {
        jdbc.sql("""
                        insert into stock (sku, location_code, updated_at) values (:sku, :loc, :now)
                        on conflict do nothing
                        """)
                .param("sku", sku)
                .param("loc", location)
                .param("now", utc(now))
                .update();
    }

    /** Sets on hand and safety stock of a locked level. */
    public void set(String sku, String location, int onHand, int safetyStock, Instant now) {
        jdbc.sql("""
                        update stock set on_hand = :onHand, safety_stock = :safety, updated_at = :now
                        where sku = :sku and location_code = :loc
                        """)
                .param("sku", sku)
                .param("loc", location)
                .param("onHand", onHand)
                .param("safety", safetyStock)
                .param("now", utc(now))
                .update();
    }

    /**
     * Reserves units if, and only if, they can be promised. The WHERE clause is re-evaluated by PostgreSQL on the
     * latest committed row when another transaction changed it first, so this cannot oversell.
     */
    public boolean tryReserve(String sku, String location, int quantity, Instant now) {
        return jdbc.sql("""
                        update stock set reserved = reserved + :q, updated_at = :now
                        where sku = :sku and location_code = :loc and on_hand - reserved - safety_stock >= :q
                        """)
                        .param("sku", sku)
                        .param("loc", location)
                        .param("q", quantity)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /**
     * Takes units off the shelf at a till: the customer holds them, so safety stock (kept back from online promises)
     * does not stand in the way, but units reserved for others do.
     */
    public boolean trySell(String sku, String location, int quantity, Instant now) {
        return jdbc.sql("""
                        update stock set on_hand = on_hand - :q, updated_at = :now
                        where sku = :sku and location_code = :loc and on_hand - reserved >= :q
                        """)
                        .param("sku", sku)
                        .param("loc", location)
                        .param("q", quantity)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /** Changes on hand and reserved by some units (release: reserved −q; commit: both −q; return: on hand +q). */
    /** A change of one item's stock with its reason: the level and its ledger line, never one without the other. */
    public record Movement(
            String sku,
            String location,
            int onHandDelta,
            int reservedDelta,
            String reason,
            @Nullable String reference) {}

    /** Changes the level by the movement and writes its ledger line, in one statement. */
    public void apply(Movement m, Instant at) {
        jdbc.sql("""
                        with level as (
                            update stock set on_hand = on_hand + :dOnHand, reserved = reserved + :dReserved,
                                             updated_at = :at
                            where sku = :sku and location_code = :loc)
                        insert into stock_movement (sku, location_code, on_hand_delta, reserved_delta, reason, reference, at)
                        values (:sku, :loc, :dOnHand, :dReserved, :reason, :ref, :at)
                        """)
                .param("sku", m.sku())
                .param("loc", m.location())
                .param("dOnHand", m.onHandDelta())
                .param("dReserved", m.reservedDelta())
                .param("reason", m.reason())
                .param("ref", m.reference())
                .param("at", utc(at))
                .update();
    }

    /** The ledger line of a level changed by another statement (a count, a conditional sale or reservation). */
    public void movement(
            String sku,
            String location,
            int onHandDelta,
            int reservedDelta,
            String reason,
            @Nullable String reference,
            Instant at) {
        jdbc.sql("""
                        insert into stock_movement (sku, location_code, on_hand_delta, reserved_delta, reason, reference, at)
                        values (:sku, :loc, :dOnHand, :dReserved, :reason, :ref, :at)
                        """)
                .param("sku", sku)
                .param("loc", location)
                .param("dOnHand", onHandDelta)
                .param("dReserved", reservedDelta)
                .param("reason", reason)
                .param("ref", reference)
                .param("at", utc(at))
                .update();
    }

    public List<StockMovementView> movements(String sku, String location, @Nullable Long afterId, int limit) {
        return jdbc.sql("""
                        select * from stock_movement
                        where sku = :sku and location_code = :loc and id > :after
                        order by id limit :limit
                        """)
                .param("sku", sku)
                .param("loc", location)
                .param("after", afterId == null ? 0L : afterId)
                .param("limit", limit)
                .query((rs, row) -> new StockMovementView(
                        rs.getLong("id"),
                        rs.getString("sku"),
                        rs.getString("location_code"),
                        rs.getInt("on_hand_delta"),
                        rs.getInt("reserved_delta"),
                        rs.getString("reason"),
                        rs.getString("reference"),
                        instant(rs, "at")))
                .list();
    }

    public void insertReservation(ReservationView r) {
        jdbc.sql("""
                        insert into reservation (id, sku, location_code, quantity, reference, status, expires_at, created_at)
                        values (:id, :sku, :loc, :q, :ref, 'active', :expires, :created)
                        """)
                .param("id", r.id())
                .param("sku", r.sku())
                .param("loc", r.locationCode())
                .param("q", r.quantity())
                .param("ref", r.reference())
                .param("expires", r.expiresAt() == null ? null : utc(r.expiresAt()))
                .param("created", utc(r.createdAt()))
                .update();
    }

    public Optional<ReservationView> reservation(UUID id) {
        return jdbc.sql("select * from reservation where id = :id")
                .param("id", id)
                .query(StockRepository::reservation)
                .optional();
    }

    public List<ReservationView> reservations(String reference) {
        return jdbc.sql("select * from reservation where reference = :ref order by created_at, id")
                .param("ref", reference)
                .query(StockRepository::reservation)
                .list();
    }

    /**
     * Closes the active, unexpired reservations with these ids or this reference (commit or release) and answers
     * the units they held. A reservation already closed — by an expiry that won the race — is not in the answer,
     * so a unit is never both released and sold.
     */
    public List<StockLine> close(
            @Nullable UUID id, @Nullable String reference, String status, boolean mustBeUnexpired, Instant now) {
        return jdbc.sql("""
                        update reservation set status = :status, closed_at = :now
                        where status = 'active'
                          and (cast(:id as uuid) is null or id = :id)
                          and (cast(:ref as text) is null or reference = :ref)
                          and (not :unexpired or expires_at is null or expires_at > :now)
                        returning sku, location_code, quantity
                        """)
                .param("status", status)
                .param("now", utc(now))
                .param("id", id)
                .param("ref", reference)
                .param("unexpired", mustBeUnexpired)
                .query((rs, row) ->
                        new StockLine(rs.getString("sku"), rs.getString("location_code"), rs.getInt("quantity")))
                .list();
    }

    /** Marks up to {@code limit} reservations past their expiry as expired (skipping rows others hold). */
    public List<ExpiredReservation> expire(Instant now, int limit) {
        return jdbc.sql("""
                        update reservation set status = 'expired', closed_at = :now
                        where id in (
                            select id from reservation
                            where status = 'active' and expires_at <= :now
                            order by expires_at limit :limit
                            for update skip locked)
                        returning id, sku, location_code, quantity
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new ExpiredReservation(
                        rs.getObject("id", UUID.class),
                        new StockLine(rs.getString("sku"), rs.getString("location_code"), rs.getInt("quantity"))))
                .list();
    }

    public record ExpiredReservation(UUID id, StockLine line) {}

    private static StockLevelView level(ResultSet rs, int row) throws SQLException {
        int onHand = rs.getInt("on_hand");
        int reserved = rs.getInt("reserved");
        int safety = rs.getInt("safety_stock");
        return new StockLevelView(
                rs.getString("sku"),
                rs.getString("location_code"),
                onHand,
                reserved,
                safety,
                Math.max(0, onHand - reserved - safety),
                instant(rs, "updated_at"));
    }

    private static ReservationView reservation(ResultSet rs, int row) throws SQLException {
        Instant expires = nullableInstant(rs, "expires_at");
        return new ReservationView(
                rs.getObject("id", UUID.class),
                rs.getString("sku"),
                rs.getString("location_code"),
                rs.getInt("quantity"),
                rs.getString("reference"),
                rs.getString("status"),
                expires,
                instant(rs, "created_at"));
    }
}
