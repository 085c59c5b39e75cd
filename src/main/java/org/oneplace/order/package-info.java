/**
 * Orders: checkout from the cart or explicit lines on any channel, with {@code Idempotency-Key}; fulfilment by
 * shipping, pickup at a store (units reserved there at once) or in store (a till purchase, stock taken from that
 * store); prices from the catalog's one pricing engine; payment recorded as a status and reference (no gateway: a
 * {@link PaymentStatus} change is the port one would call); the status history, which joins the customer timeline
 * with the channel each step happened on.
 *
 * <p>It reserves, commits and releases stock through {@code InventoryService} inside its own transactions, and
 * takes purchased units out of the cart. Fulfilment drives the steps after checkout through this module's API.
 * Publishes {@link OrderPlaced} and {@link OrderStatusChanged}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Order",
        allowedDependencies = {"shared", "platform", "customer", "catalog", "inventory", "cart"})
package org.oneplace.order;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
