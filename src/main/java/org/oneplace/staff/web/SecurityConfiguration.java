package org.oneplace.staff.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.oneplace.staff.ApiTokenService;
import org.oneplace.staff.Permission;
import org.oneplace.staff.StaffPrincipal;
import org.oneplace.staff.StaffSignIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may reach what. Three filter chains, checked in order:
 *
 * <ol>
 *   <li>{@code /api/**} and {@code /actuator/**}: stateless, API tokens as {@code Authorization: Bearer};
 *       only health is public;
 *   <li>the API description ({@code /v3/api-docs}, {@code /swagger-ui}): public, it holds no data;
 *   <li>everything else, the console: form sign-in with a session, CSRF protection and a strict CSP.
 * </ol>
 *
 * Modules that add public endpoints (tracking with write keys, provider webhooks with signatures) add their own
 * chain before the console's; everything not explicitly public needs a signed-in user or a token. Failures answer
 * RFC 9457 problems (a browser asking for a page is sent to the sign-in page instead).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'";
    static final String DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /**
     * No observation per security filter: with an observation registry present Spring Security wraps every filter of
     * every chain in one, which cost more CPU per request than a webhook's own work (profiled under R6a). Requests
     * are still observed and timed once, as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationProvider staffAuthenticationProvider(StaffSignIn signIn) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String password = String.valueOf(authentication.getCredentials());
                StaffPrincipal principal = signIn.signIn(authentication.getName(), password)
                        .orElseThrow(
                                () -> new BadCredentialsException("Wrong email or password, or too many attempts."));
                return authenticated(principal);
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    /** The authentication a principal gets: its permissions as authorities. */
    static Authentication authenticated(StaffPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        principal.permissions().stream()
                .map(Permission::code)
                .map(SimpleGrantedAuthority::new)
                .forEach(authorities::add);
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokenService tokens) throws Exception {
        AuthenticationEntryPoint bearer = bearerEntryPoint();
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(
                        // ASYNC: the completion of a live stream that was authorised when it opened; a stateless
                        // token is not there again when the container dispatches its end, and was refused noisily
                        requests -> requests.dispatcherTypeMatchers(
                                        DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC)
                                .permitAll()
                                .requestMatchers("/actuator/health", "/actuator/health/**")
                                .permitAll()
                                .requestMatchers("/actuator/**")
                                .hasAuthority(Permission.METRICS_READ.code())
                                .anyRequest()
                                .authenticated())
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, bearer), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(bearer).accessDeniedHandler(accessDenied()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(DOCS_CSP)));
        return http.build();
    }

    @Bean
    @Order(100)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/login");
        MediaTypeRequestMatcher pages = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        pages.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        http.authorizeHttpRequests(
                        requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                                .permitAll()
                                .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/favicon.ico")
                                .permitAll()
                                // forgotten passwords: asking for a link, and choosing a password with one
                                .requestMatchers("/password-reset", "/password-reset/new")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .defaultSuccessUrl("/", false)
                        .failureUrl("/login?error")
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(signIn, pages)
                        .defaultAuthenticationEntryPointFor(consoleEntryPoint(), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(consoleAccessDenied(signIn, pages)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static AuthenticationEntryPoint bearerEntryPoint() {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            String detail = request.getAttribute(ApiTokenAuthenticationFilter.REJECTED) != null
                    ? "The API token is unknown, expired or revoked, or its owner is disabled; create a new one"
                            + " under Settings → API tokens."
                    : "This endpoint needs an API token: send 'Authorization: Bearer <token>'. Tokens are created"
                            + " under Settings → API tokens or with POST /api/v1/tokens.";
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, detail);
        };
    }

    private static AuthenticationEntryPoint consoleEntryPoint() {
        return (request, response, exception) -> response.sendError(
                HttpServletResponse.SC_UNAUTHORIZED, "Sign in to the console at /login to use this page.");
    }

    /**
     * A form post without a valid CSRF token from someone not signed in is a missing sign-in (401 or the sign-in
     * page), not a permission problem; from a signed-in user it is a stale form.
     */
    private static AccessDeniedHandler consoleAccessDenied(AuthenticationEntryPoint signIn, RequestMatcher pages) {
        return (request, response, exception) -> {
            if (exception instanceof CsrfException) {
                Authentication current = SecurityContextHolder.getContext().getAuthentication();
                if (current == null || current instanceof AnonymousAuthenticationToken) {
                    AuthenticationEntryPoint entryPoint = pages.matches(request) ? signIn : consoleEntryPoint();
                    entryPoint.commence(request, response, new InsufficientAuthenticationException("Not signed in"));
                    return;
                }
                response.sendError(
                        HttpServletResponse.SC_FORBIDDEN,
                        "The form has expired (its CSRF token is missing or wrong); reload the page and try again.");
                return;
            }
            accessDenied().handle(request, response, exception);
        };
    }

    private static AccessDeniedHandler accessDenied() {
        return (request, response, exception) -> response.sendError(
                HttpServletResponse.SC_FORBIDDEN,
                "You are signed in but your role does not allow this; ask an admin for the permission.");
    }
}
