/**
 * Catalog: products and their variants (one SKU each, with options such as size and colour), the one price book
 * (a price per SKU in minor units) and promotions, and the one pricing engine ({@link PricingService}) that every
 * channel — web, app, store till, an agent quoting in chat, checkout — calls, so a cart costs the same everywhere.
 *
 * <p>It does not own stock (inventory), carts or orders. It publishes no events.
 */
@NullMarked
@ApplicationModule(
        displayName = "Catalog",
        allowedDependencies = {"shared", "platform"})
package org.oneplace.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
