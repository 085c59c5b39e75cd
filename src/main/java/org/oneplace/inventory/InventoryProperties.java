package org.oneplace.inventory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inventory settings ({@code oneplace.inventory.*}).
 *
 * @param reservationTtl how long a reservation made through the API holds units when it names no time
 * @param expiryInterval how often expired reservations are released
 */
@ConfigurationProperties("oneplace.inventory")
public record InventoryProperties(
        @DefaultValue("15m") Duration reservationTtl,
        @DefaultValue("10s") Duration expiryInterval) {}
