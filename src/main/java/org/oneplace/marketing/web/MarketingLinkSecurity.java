package org.oneplace.marketing.web;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Tracked links and unsubscribe links are opened by customers, with no session: the unguessable token in the path is
 * the credential. The one-click unsubscribe POST comes from mail providers, which send no CSRF token (RFC 8058).
 */
@Configuration(proxyBeanMethods = false)
class MarketingLinkSecurity {

    @Bean
    @Order(6)
    SecurityFilterChain marketingLinkChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/r/**", "/u/**")
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp ->
                        csp.policyDirectives("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")));
        return http.build();
    }
}
