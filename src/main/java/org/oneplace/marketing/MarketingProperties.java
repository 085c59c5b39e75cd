package org.oneplace.marketing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Marketing settings of the installation ({@code oneplace.marketing.*}); the sending rules a marketer changes are
 * {@link MarketingSettings}, kept in the database.
 *
 * @param runInterval how often due journey steps are run (waits end within this much of their time)
 * @param from the sender address of marketing e-mail sent by the installation's mail server
 * @param replenishmentScanInterval how often customers whose next purchase is due are looked for
 */
@ConfigurationProperties("oneplace.marketing")
public record MarketingProperties(
        @DefaultValue("5s") Duration runInterval,
        @DefaultValue("news@oneplace.local") String from,
        @DefaultValue("1h") Duration replenishmentScanInterval) {}
