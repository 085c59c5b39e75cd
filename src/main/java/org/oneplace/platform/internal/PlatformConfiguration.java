package org.oneplace.platform.internal;

import java.time.Clock;
import org.oneplace.platform.PlatformProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformProperties.class)
class PlatformConfiguration {

    /** The one clock every module injects, so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
