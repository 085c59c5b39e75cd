package org.oneplace.catalog.internal;

import static org.oneplace.platform.SqlTime.instant;
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
import org.oneplace.catalog.CreateProduct;
import org.oneplace.catalog.CreateVariant;
import org.oneplace.catalog.ProductView;
import org.oneplace.catalog.VariantView;
import org.oneplace.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Products and their variants with price-book prices. */
@Repository
public class ProductRepository {

    private static final TypeReference<LinkedHashMap<String, String>> OPTIONS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProductRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(UUID id, CreateProduct product, Instant now) {
        jdbc.sql("""
                        insert into product (id, name, category, description, created_at, updated_at)
                        values (:id, :name, :category, :description, :now, :now)
                        """)
                .param("id", id)
                .param("name", product.name().strip())
                .param(
                        "category",
                        product.category() == null ? null : product.category().strip())
                .param("description", product.description() == null ? "" : product.description())
                .param("now", utc(now))
                .update();
    }

    /** Inserts variants; answers the SKUs that another variant holds already (nothing is inserted then). */
    public List<String> takenSkus(Collection<String> skus) {
        return jdbc.sql("select sku from variant where sku = any(:skus) order by sku")
                .param("skus", skus.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    public void insertVariant(UUID productId, CreateVariant variant, Instant now) {
        jdbc.sql("""
                        insert into variant (sku, product_id, options, price_amount, currency, created_at, updated_at)
                        values (:sku, :product, cast(:options as jsonb), :amount, :currency, :now, :now)
                        """)
                .param("sku", variant.sku())
                .param("product", productId)
                .param("options", json.writeValueAsString(variant.options() == null ? Map.of() : variant.options()))
                .param("amount", variant.price().amount())
                .param("currency", variant.price().currency())
                .param("now", utc(now))
                .update();
    }

    public boolean updatePrice(String sku, Money price, Instant now) {
        return jdbc.sql("""
                        update variant set price_amount = :amount, currency = :currency, updated_at = :now
                        where sku = :sku
                        """)
                        .param("sku", sku)
                        .param("amount", price.amount())
                        .param("currency", price.currency())
                        .param("now", utc(now))
                        .update()
                > 0;
    }

    public Optional<ProductView> find(UUID id) {
        return products("where p.id = :id", Map.of("id", id), 1).stream().findFirst();
    }

    /** A page of products by name then id, after a cursor position (name, id). */
    public List<ProductView> page(@Nullable String q, @Nullable String afterName, @Nullable UUID afterId, int limit) {
        StringBuilder where = new StringBuilder("where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(
                    " and (p.name ilike :q escape '\\' or exists (select 1 from variant v2 where v2.product_id = p.id and v2.sku ilike :q escape '\\'))");
            params.put(
                    "q",
                    "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (afterName != null && afterId != null) {
            where.append(" and (p.name, p.id) > (:afterName, :afterId)");
            params.put("afterName", afterName);
            params.put("afterId", afterId);
        }
        return products(where.toString(), params, limit);
    }

    /** The first product (by id, so the oldest) with exactly this name. */
    public Optional<ProductView> named(String name) {
        return products("where p.name = :name", Map.of("name", name), 1).stream()
                .findFirst();
    }

    private List<ProductView> products(String where, Map<String, ?> params, int limit) {
        Map<UUID, ProductView> products = new LinkedHashMap<>();
        jdbc.sql("""
                        with p as (
                            select p.* from product p %s order by p.name, p.id limit :limit
                        )
                        select p.id, p.name, p.category, p.description, p.created_at,
                               v.sku, v.options::text as options, v.price_amount, v.currency
                        from p left join variant v on v.product_id = p.id
                        order by p.name, p.id, v.created_at, v.sku
                        """.formatted(where)).params(params).param("limit", limit).query((ResultSet rs) -> {
            UUID id = rs.getObject("id", UUID.class);
            ProductView product = products.computeIfAbsent(id, k -> productOf(rs));
            if (rs.getString("sku") != null) {
                product.variants().add(variantOf(rs, product.id(), product.name(), product.category()));
            }
        });
        return products.values().stream()
                .map(p -> new ProductView(
                        p.id(), p.name(), p.category(), p.description(), List.copyOf(p.variants()), p.createdAt()))
                .toList();
    }

    /** The variants with these SKUs, by SKU; unknown SKUs are absent. */
    public Map<String, VariantView> variants(Collection<String> skus) {
        Map<String, VariantView> variants = new LinkedHashMap<>();
        jdbc.sql("""
                        select v.sku, v.options::text as options, v.price_amount, v.currency,
                               p.id as product_id, p.name, p.category
                        from variant v join product p on p.id = v.product_id
                        where v.sku = any(:skus)
                        """).param("skus", skus.toArray(String[]::new)).query((ResultSet rs) -> {
            VariantView v = variantOf(
                    rs, rs.getObject("product_id", UUID.class), rs.getString("name"), rs.getString("category"));
            variants.put(v.sku(), v);
        });
        return variants;
    }

    private ProductView productOf(ResultSet rs) {
        try {
            return new ProductView(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    rs.getString("category"),
                    rs.getString("description"),
                    new java.util.ArrayList<>(),
                    instant(rs, "created_at"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private VariantView variantOf(ResultSet rs, UUID productId, String productName, @Nullable String category)
            throws SQLException {
        return new VariantView(
                rs.getString("sku"),
                productId,
                productName,
                category,
                json.readValue(rs.getString("options"), OPTIONS),
                new Money(rs.getLong("price_amount"), rs.getString("currency").strip()));
    }
}
