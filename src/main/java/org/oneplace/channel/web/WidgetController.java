package org.oneplace.channel.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.webchat.WebchatSessions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The endpoints {@code /widget.js} calls from a site's pages. Public, like provider webhooks: each checks the chat
 * session token in {@code X-Widget-Session} (or, to start one, the channel's allowed origins and the site's HMAC).
 */
@RestController
@Hidden
class WidgetController {

    private final WebchatSessions sessions;

    WidgetController(WebchatSessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/widget/{channelId}/sessions")
    ResponseEntity<WebchatSessions.Started> start(
            @PathVariable UUID channelId,
            @Valid @RequestBody WebchatSessions.StartSession start,
            @RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin) {
        return sessions.start(channelId, start, origin);
    }

    @PostMapping("/widget/messages")
    ResponseEntity<Map<String, Object>> post(
            @RequestHeader(name = WebchatSessions.SESSION_HEADER, required = false) @Nullable String token,
            @RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin,
            @Valid @RequestBody WebchatSessions.Post post) {
        return sessions.post(token, origin, post);
    }

    @GetMapping("/widget/messages")
    ResponseEntity<Map<String, Object>> messages(
            @RequestHeader(name = WebchatSessions.SESSION_HEADER, required = false) @Nullable String token,
            @RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin,
            @RequestParam(defaultValue = "0") long after) {
        return sessions.messages(token, origin, after);
    }

    @GetMapping(path = "/widget/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(
            @RequestHeader(name = WebchatSessions.SESSION_HEADER, required = false) @Nullable String token,
            @RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin,
            @RequestParam(defaultValue = "0") long after) {
        return sessions.stream(token, origin, after);
    }
}
