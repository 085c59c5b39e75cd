package org.oneplace.staff;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the staff module, under {@code oneplace.staff}.
 *
 * @param bootstrap what the first start creates, for automated setups
 */
@ConfigurationProperties("oneplace.staff")
public record StaffProperties(@DefaultValue Bootstrap bootstrap) {

    /**
     * Created on start when missing; never changed or re-created afterwards (idempotent across restarts).
     *
     * @param adminEmail the first admin ({@code ONEPLACE_BOOTSTRAP_ADMIN_EMAIL}); without it and without any user,
     *     {@code admin@oneplace.local} is created
     * @param adminPassword that admin's password ({@code ONEPLACE_BOOTSTRAP_ADMIN_PASSWORD}, at least 12
     *     characters); without it a random one is generated and logged once
     * @param apiToken an admin-scoped API token with this exact value ({@code ONEPLACE_BOOTSTRAP_API_TOKEN})
     * @param writeKey a tracking write key of the {@code web} source ({@code ONEPLACE_BOOTSTRAP_WRITE_KEY})
     */
    public record Bootstrap(
            @Nullable String adminEmail,
            @Nullable String adminPassword,
            @Nullable String apiToken,
            @Nullable String writeKey) {}
}
