package org.oneplace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at the console's pages without a browser: keeps the session cookie, sends forms with the CSRF token the
 * page gave, follows no redirects. Each visitor connects from a loopback address of its own (127.x.y.z), so that its
 * sign-ins neither count against the other tests' allowance from 127.0.0.1 nor get throttled by it.
 */
public final class ConsoleVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;

    public ConsoleVisitor(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .localAddress(someLoopback())
                .build();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/html")
                .GET());
    }

    /** Opens a page and submits a form of it to {@code action}, as a person filling it in would. */
    public HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
        HttpResponse<String> form = get(page);
        Matcher csrf = CSRF.matcher(form.body());
        if (!csrf.find()) {
            throw new AssertionError(page + " has no form with a CSRF token: " + form.statusCode() + " " + form.body());
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        String body = all.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the sign-in form; true when the console let the visitor in. */
    public boolean signIn(String email, String password) {
        HttpResponse<String> answer = submit("/login", "/login", Map.of("username", email, "password", password));
        if (answer.statusCode() != 302) {
            throw new AssertionError("sign-in answered " + answer.statusCode() + " " + answer.body());
        }
        return !location(answer).contains("/login");
    }

    public static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static InetAddress someLoopback() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            return InetAddress.getByAddress(new byte[] {
                127, (byte) random.nextInt(1, 250), (byte) random.nextInt(1, 250), (byte) random.nextInt(2, 250)
            });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
