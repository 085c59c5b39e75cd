package org.oneplace.channel.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oneplace.channel.ChannelException;
import org.oneplace.channel.WebhookAnswer;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.Intake;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every provider's webhook, {@code /webhooks/{channel}[/{accountId}][/…]}, each in the provider's own format and
 * signature scheme. The body is read raw, checked, stored and committed before anything is answered: a database
 * that is down answers 503 and the provider retries.
 */
@RestController
@Hidden
class WebhookController {

    private final Intake channels;

    WebhookController(Intake channels) {
        this.channels = channels;
    }

    @GetMapping("/webhooks/**")
    ResponseEntity<String> handshake(HttpServletRequest request) {
        String path = path(request);
        if (!channels.knows(path)) {
            throw ChannelException.notFoundWebhook(path);
        }
        String challenge = channels.handshake(path, request(request, new byte[0]))
                .orElseThrow(() -> ChannelException.signature(
                        "The verify token does not match the channel's; check the token entered at the provider."));
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    @PostMapping("/webhooks/**")
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        String path = path(request);
        if (!channels.knows(path)) {
            throw ChannelException.notFoundWebhook(path);
        }
        byte[] body = request.getInputStream().readAllBytes();
        WebhookAnswer answer = channels.receive(path, request(request, body));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(answer.contentType()))
                .body(answer.body());
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring("/webhooks".length());
    }

    private static WebhookRequest request(HttpServletRequest request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        Collections.list(request.getHeaderNames())
                .forEach(name -> headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name)));
        String url = request.getRequestURL().toString()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, List<String>> query = decoded(url);
        return new WebhookRequest(request.getMethod(), "", url, headers, query, request.getContentType(), body);
    }

    private static Map<String, List<String>> decoded(String url) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        UriComponentsBuilder.fromUriString(url)
                .build()
                .getQueryParams()
                .forEach((name, values) -> query.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        values.stream()
                                .map(v -> v == null ? "" : URLDecoder.decode(v, StandardCharsets.UTF_8))
                                .toList()));
        return query;
    }
}
