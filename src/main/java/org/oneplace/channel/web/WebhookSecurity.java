package org.oneplace.channel.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.oneplace.channel.webchat.WebchatSessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Provider webhooks carry no session or bearer token: each request is authenticated by the provider's own scheme
 * (a signature over the raw body, a secret header), checked by the channel before anything is stored. The web-chat
 * widget's endpoints are public in the same way, checked by their chat session.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurity {

    @Bean
    @Order(4)
    SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'")));
        return http.build();
    }

    /** The web-chat widget's endpoints: no session cookie, no CSRF; each checks the chat session itself. */
    @Bean
    @Order(5)
    SecurityFilterChain widgetChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/widget.js", "/widget/**")
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .permitAll())
                .addFilterBefore(new Preflight(), HeaderWriterFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'")));
        return http.build();
    }

    /** Answers CORS preflights; the request itself is refused when the channel does not allow the origin. */
    static final class Preflight extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!CorsUtils.isPreFlightRequest(request)) {
                chain.doFilter(request, response);
                return;
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, request.getHeader(HttpHeaders.ORIGIN));
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            response.setHeader(
                    HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, " + WebchatSessions.SESSION_HEADER);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }
}
