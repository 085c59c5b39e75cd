/**
 * Inventory: locations (stores and warehouses), stock on hand per SKU and location, reservations with expiry,
 * available-to-promise (on hand − reserved − safety stock), "in stock near me", and a ledger of every movement.
 *
 * <p>No oversell, ever: units are reserved and sold only by a conditional update that re-checks availability,
 * aggregated per SKU and location and taken in (SKU, location) order. Orders call {@link InventoryService} inside
 * their own transaction; inventory never listens to orders. Publishes {@link BackInStock}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Inventory",
        allowedDependencies = {"shared", "platform", "catalog"})
package org.oneplace.inventory;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
