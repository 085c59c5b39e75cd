package org.oneplace.catalog.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.catalog.PromotionType;
import org.oneplace.catalog.PromotionView;
import org.oneplace.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Promotions: the few rows the pricing engine reads for every quote. */
@Repository
public class PromotionRepository {

    private final JdbcClient jdbc;

    PromotionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PromotionView p) {
        jdbc.sql("""
                        insert into promotion (id, name, type, percent_off, amount_off, currency, skus, product_ids,
                                               categories, code, starts_at, ends_at, active, created_at)
                        values (:id, :name, :type, :percent, :amount, :currency, :skus, :products, :categories, :code,
                                :starts, :ends, true, :created)
                        """)
                .param("id", p.id())
                .param("name", p.name())
                .param("type", p.type().code())
                .param("percent", p.percentOff())
                .param("amount", p.amountOff() == null ? null : p.amountOff().amount())
                .param("currency", p.amountOff() == null ? null : p.amountOff().currency())
                .param("skus", p.skus().toArray(String[]::new))
                .param("products", p.productIds().toArray(UUID[]::new))
                .param("categories", p.categories().toArray(String[]::new))
                .param("code", p.code())
                .param("starts", utc(p.startsAt()))
                .param("ends", utc(p.endsAt()))
                .param("created", utc(p.createdAt()))
                .update();
    }

    public boolean codeTaken(String code) {
        return jdbc.sql("select exists (select 1 from promotion where lower(code) = lower(:code) and active)")
                .param("code", code)
                .query(Boolean.class)
                .single();
    }

    public boolean end(UUID id) {
        return jdbc.sql("update promotion set active = false where id = :id and active")
                        .param("id", id)
                        .update()
                > 0;
    }

    public Optional<PromotionView> find(UUID id) {
        return jdbc.sql("select * from promotion where id = :id")
                .param("id", id)
                .query(PromotionRepository::promotion)
                .optional();
    }

    public List<PromotionView> all(boolean activeOnly) {
        return jdbc.sql("select * from promotion where active or not :activeOnly order by created_at desc limit 1000")
                .param("activeOnly", activeOnly)
                .query(PromotionRepository::promotion)
                .list();
    }

    /** Promotions running at an instant that apply automatically or by one of these codes (any case). */
    public List<PromotionView> running(Instant at, List<String> codes) {
        return jdbc.sql("""
                        select * from promotion
                        where active
                          and (starts_at is null or starts_at <= :at) and (ends_at is null or ends_at > :at)
                          and (code is null or lower(code) = any(:codes))
                        order by created_at, id
                        """)
                .param("at", utc(at))
                .param(
                        "codes",
                        codes.stream()
                                .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                                .toArray(String[]::new))
                .query(PromotionRepository::promotion)
                .list();
    }

    private static PromotionView promotion(ResultSet rs, int row) throws SQLException {
        long amount = rs.getLong("amount_off");
        boolean fixed = !rs.wasNull();
        int percent = rs.getInt("percent_off");
        boolean percentage = !rs.wasNull();
        Instant starts = nullableInstant(rs, "starts_at");
        Instant ends = nullableInstant(rs, "ends_at");
        return new PromotionView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                PromotionType.valueOf(rs.getString("type").toUpperCase(java.util.Locale.ROOT)),
                percentage ? percent : null,
                fixed ? new Money(amount, rs.getString("currency").strip()) : null,
                list(rs.getArray("skus"), String.class),
                list(rs.getArray("product_ids"), UUID.class),
                list(rs.getArray("categories"), String.class),
                rs.getString("code"),
                starts,
                ends,
                rs.getBoolean("active"),
                instant(rs, "created_at"));
    }

    private static <T> List<T> list(Array array, Class<T> type) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(type::cast).toList();
    }
}
