/**
 * Cart: one active cart per customer, addressed through the customer, so the laptop, the app, a store associate
 * and a chat agent all see and change the same one. Lines are priced by the catalog's one pricing engine; a line
 * whose stock is gone everywhere is flagged, never silently removed.
 *
 * <p>When an anonymous customer is folded into a known one ({@code CustomersMerged}) the carts merge in the merge's
 * transaction (same SKU: the larger quantity; otherwise the union). Cart changes join the customer timeline. Orders
 * take purchased units out of the cart. It does not own orders or stock.
 */
@NullMarked
@ApplicationModule(
        displayName = "Cart",
        allowedDependencies = {"shared", "platform", "customer", "catalog", "inventory"})
package org.oneplace.cart;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
