/**
 * Fulfilment: what happens after checkout. Pick up in store — each store's queue, ready (with a pickup code and a
 * deadline, and a notice to the customer on a channel they consented to), hand over by code or after an identity
 * check, and the no-show job that cancels and releases stock after the window; shipping updates from carriers;
 * returns anywhere — for an order from any channel, received at any location, stock rising there and the refund
 * recorded.
 *
 * <p>It drives order steps through {@code OrderService} and stock through {@code InventoryService}. It depends on
 * customer and consent only for the pickup notice (the address, and whether the customer consented to
 * transactional messages on that channel) — one small class, {@code PickupNotices}, that gives way to marketing's
 * channel choice when that module lands. Publishes {@link PickupReady}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Fulfilment",
        allowedDependencies = {"shared", "platform", "order", "inventory", "customer", "consent"})
package org.oneplace.fulfilment;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
