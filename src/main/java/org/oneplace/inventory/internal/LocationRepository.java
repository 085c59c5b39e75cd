package org.oneplace.inventory.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.oneplace.inventory.AvailabilityView;
import org.oneplace.inventory.LocationType;
import org.oneplace.inventory.LocationView;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores and warehouses, and the "near me" question. */
@Repository
public class LocationRepository {

    private static final TypeReference<LinkedHashMap<String, String>> HOURS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LocationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts a location; false when the code is taken. */
    public boolean insert(LocationView l) {
        try {
            jdbc.sql("""
                            insert into location (code, name, type, latitude, longitude, pickup, opening_hours, created_at)
                            values (:code, :name, :type, :lat, :lon, :pickup, cast(:hours as jsonb), :created)
                            """)
                    .param("code", l.code())
                    .param("name", l.name())
                    .param("type", l.type().code())
                    .param("lat", l.latitude())
                    .param("lon", l.longitude())
                    .param("pickup", l.pickup())
                    .param("hours", json.writeValueAsString(l.openingHours()))
                    .param("created", utc(l.createdAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<LocationView> find(String code) {
        return jdbc.sql("select * from location where code = :code")
                .param("code", code)
                .query(this::location)
                .optional();
    }

    public List<LocationView> all() {
        return jdbc.sql("select * from location order by code limit 10000")
                .query(this::location)
                .list();
    }

    public Map<String, LocationView> byCode(java.util.Collection<String> codes) {
        Map<String, LocationView> found = new LinkedHashMap<>();
        jdbc.sql("select * from location where code = any(:codes)")
                .param("codes", codes.toArray(String[]::new))
                .query(this::location)
                .list()
                .forEach(l -> found.put(l.code(), l));
        return found;
    }

    /**
     * Locations within a radius that carry a SKU, nearest first, with what each can promise. Great-circle
     * distance (haversine); a bounding box on latitude and longitude lets the planner skip far rows cheaply.
     */
    public List<AvailabilityView> near(
            String sku, double lat, double lon, double radiusKm, boolean inStockOnly, int limit) {
        double latDelta = radiusKm / 111.0;
        double lonDelta = radiusKm / Math.max(1e-6, 111.0 * Math.cos(Math.toRadians(lat)));
        return jdbc.sql("""
                        select * from (
                            select l.code, l.name, l.type, l.pickup,
                                   greatest(s.on_hand - s.reserved - s.safety_stock, 0) as available,
                                   2 * 6371 * asin(sqrt(
                                       power(sin(radians(l.latitude - :lat) / 2), 2)
                                       + cos(radians(:lat)) * cos(radians(l.latitude))
                                         * power(sin(radians(l.longitude - :lon) / 2), 2))) as distance_km
                            from stock s join location l on l.code = s.location_code
                            where s.sku = :sku
                              and l.latitude between :lat - :latDelta and :lat + :latDelta
                              and (:lonDelta >= 180 or l.longitude between :lon - :lonDelta and :lon + :lonDelta)
                        ) near
                        where distance_km <= :radius and (not :inStockOnly or available > 0)
                        order by distance_km, code
                        limit :limit
                        """)
                .param("sku", sku)
                .param("lat", lat)
                .param("lon", lon)
                .param("latDelta", latDelta)
                .param("lonDelta", lonDelta)
                .param("radius", radiusKm)
                .param("inStockOnly", inStockOnly)
                .param("limit", limit)
                .query((rs, row) -> new AvailabilityView(
                        rs.getString("code"),
                        rs.getString("name"),
                        LocationType.valueOf(rs.getString("type").toUpperCase(java.util.Locale.ROOT)),
                        rs.getBoolean("pickup"),
                        Math.round(rs.getDouble("distance_km") * 100) / 100.0,
                        rs.getInt("available")))
                .list();
    }

    private LocationView location(ResultSet rs, int row) throws SQLException {
        return new LocationView(
                rs.getString("code"),
                rs.getString("name"),
                LocationType.valueOf(rs.getString("type").toUpperCase(java.util.Locale.ROOT)),
                rs.getDouble("latitude"),
                rs.getDouble("longitude"),
                rs.getBoolean("pickup"),
                json.readValue(rs.getString("opening_hours"), HOURS),
                instant(rs, "created_at"));
    }
}
