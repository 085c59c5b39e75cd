package org.oneplace.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.CatalogService;
import org.oneplace.catalog.CreateProduct;
import org.oneplace.catalog.CreatePromotion;
import org.oneplace.catalog.CreateVariant;
import org.oneplace.catalog.PriceQuote;
import org.oneplace.catalog.PricingService;
import org.oneplace.catalog.ProductView;
import org.oneplace.catalog.PromotionView;
import org.oneplace.catalog.QuoteRequest;
import org.oneplace.catalog.VariantView;
import org.oneplace.shared.Money;
import org.oneplace.shared.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Catalog")
class CatalogController {

    private final CatalogService catalog;
    private final PricingService pricing;

    CatalogController(CatalogService catalog, PricingService pricing) {
        this.catalog = catalog;
        this.pricing = pricing;
    }

    @PostMapping("/products")
    @Operation(summary = "Create a product with its variants and prices (needs catalog:manage)")
    ResponseEntity<ProductView> create(@Valid @RequestBody CreateProduct command) {
        ProductView product = catalog.create(command);
        return ResponseEntity.created(URI.create("/api/v1/products/" + product.id()))
                .body(product);
    }

    @GetMapping("/products")
    @Operation(summary = "Products by name; q searches names and SKUs (needs catalog:read)")
    Page<ProductView> products(
            @RequestParam @Nullable String q,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
            @RequestParam @Nullable String cursor) {
        return catalog.products(q, cursor, limit);
    }

    @GetMapping("/products/{id}")
    @Operation(summary = "A product with its variants (needs catalog:read)")
    ProductView product(@PathVariable UUID id) {
        return catalog.product(id);
    }

    @PostMapping("/products/{id}/variants")
    @Operation(summary = "Add a variant to a product (needs catalog:manage)")
    ProductView addVariant(@PathVariable UUID id, @Valid @RequestBody CreateVariant variant) {
        return catalog.addVariant(id, variant);
    }

    @PutMapping("/variants/{sku}/price")
    @Operation(summary = "Set a variant's price-book price, in minor units (needs catalog:manage)")
    VariantView setPrice(@PathVariable String sku, @Valid @RequestBody @NotNull Money price) {
        return catalog.setPrice(sku, price);
    }

    @PostMapping("/promotions")
    @Operation(
            summary = "Create a promotion: percentage or fixed, automatic or by code, in a window (needs"
                    + " catalog:manage)")
    ResponseEntity<PromotionView> createPromotion(@Valid @RequestBody CreatePromotion command) {
        PromotionView promotion = pricing.create(command);
        return ResponseEntity.created(URI.create("/api/v1/promotions/" + promotion.id()))
                .body(promotion);
    }

    @GetMapping("/promotions")
    @Operation(summary = "Promotions, newest first; active=false includes ended ones (needs catalog:read)")
    List<PromotionView> promotions(@RequestParam(defaultValue = "true") boolean active) {
        return pricing.promotions(active);
    }

    @DeleteMapping("/promotions/{id}")
    @Operation(summary = "End a promotion now (needs catalog:manage)")
    PromotionView endPromotion(@PathVariable UUID id) {
        return pricing.end(id);
    }

    @PostMapping("/prices/quote")
    @Operation(summary = "Price lines with promotion codes — the price every channel charges (needs catalog:read)")
    PriceQuote quote(@Valid @RequestBody QuoteRequest request) {
        return pricing.quote(request);
    }
}
