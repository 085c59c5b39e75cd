package org.oneplace.catalog;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.internal.ProductRepository;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Money;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Products, variants and the price book. */
@Service
@Validated
public class CatalogService {

    private final ProductRepository products;
    private final AuditLog audit;
    private final Clock clock;

    CatalogService(ProductRepository products, AuditLog audit, Clock clock) {
        this.products = products;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public ProductView create(@Valid CreateProduct command) {
        Set<String> skus = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (CreateVariant variant : command.variants()) {
            if (!skus.add(variant.sku())) {
                repeated.add(variant.sku());
            }
            if (variant.price().isNegative()) {
                throw CatalogException.invalid("The price of '" + variant.sku() + "' is negative; prices are"
                        + " amounts in minor units from 0 up.");
            }
        }
        if (!repeated.isEmpty()) {
            throw CatalogException.invalid("The SKU " + repeated.getFirst() + " appears twice in this product.");
        }
        List<String> taken = products.takenSkus(skus);
        if (!taken.isEmpty()) {
            throw CatalogException.skuTaken(taken.getFirst());
        }
        UUID id = Uuid7.next();
        Instant now = clock.instant();
        products.insert(id, command, now);
        command.variants().forEach(v -> products.insertVariant(id, v, now));
        audit.record("product.created", "product", id.toString(), null, Map.of("skus", List.copyOf(skus)));
        return products.find(id).orElseThrow();
    }

    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public ProductView addVariant(UUID productId, @Valid CreateVariant variant) {
        ProductView product = products.find(productId).orElseThrow(() -> CatalogException.unknownProduct(productId));
        if (variant.price().isNegative()) {
            throw CatalogException.invalid("The price is negative; prices are amounts in minor units from 0 up.");
        }
        if (!products.takenSkus(List.of(variant.sku())).isEmpty()) {
            throw CatalogException.skuTaken(variant.sku());
        }
        products.insertVariant(product.id(), variant, clock.instant());
        audit.record("product.variant_added", "product", productId.toString(), null, Map.of("sku", variant.sku()));
        return products.find(productId).orElseThrow();
    }

    /** Sets a variant's price-book price; every channel's next quote uses it. */
    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public VariantView setPrice(String sku, Money price) {
        if (price.isNegative()) {
            throw CatalogException.invalid("The price is negative; prices are amounts in minor units from 0 up.");
        }
        if (!products.updatePrice(sku, price, clock.instant())) {
            throw CatalogException.unknownSkus(List.of(sku));
        }
        audit.record("product.price_set", "variant", sku, null, Map.of("price", price.toString()));
        return products.variants(List.of(sku)).get(sku);
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public ProductView product(UUID id) {
        return products.find(id).orElseThrow(() -> CatalogException.unknownProduct(id));
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public Page<ProductView> products(@Nullable String q, @Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 2);
        return Page.of(
                products.page(q, after == null ? null : after.text(1), after == null ? null : after.uuid(0), limit + 1),
                limit,
                p -> Cursor.of(p.id(), p.name()));
    }

    /** The product with exactly this name (the oldest when several have it), for a bulk import joining variants. */
    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public Optional<ProductView> productNamed(String name) {
        return products.named(name);
    }

    /** Variants by SKU for other modules (cart, order, inventory); unknown SKUs are absent from the answer. */
    @Transactional(readOnly = true)
    public Map<String, VariantView> variants(Collection<String> skus) {
        return skus.isEmpty() ? Map.of() : products.variants(skus);
    }

    /** Like {@link #variants} but every SKU must exist. */
    @Transactional(readOnly = true)
    public Map<String, VariantView> requireVariants(Collection<String> skus) {
        Map<String, VariantView> found = variants(skus);
        List<String> unknown = skus.stream()
                .filter(s -> !found.containsKey(s))
                .distinct()
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw CatalogException.unknownSkus(unknown);
        }
        return found;
    }
}
