/**
 * Fulfilment: what happens after checkout. Pick up in store — each store's queue, ready (with a pickup code and a
 * deadline, and a notice to the customer on a channel they consented to), hand over by code or after an identity
 * check, and the no-show job that cancels and releases stock after the window; shipping updates from carriers;
 * returns anywhere — for an order from any channel, received at any location, stock rising there and the refund
 * recorded.
 *
 * <p>It drives order steps through {@code OrderService} and stock through {@code InventoryService}. The pickup
 * notice goes through the channel module's messaging port ({@code Messaging.deliver}), which owns the address,
 * consent for transactional messages and the choice of channel; fulfilment only says what to say and in which
 * order of channels. Publishes {@link PickupReady}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Fulfilment",
        allowedDependencies = {"shared", "platform", "order", "inventory", "customer", "channel"})
package org.oneplace.fulfilment;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
