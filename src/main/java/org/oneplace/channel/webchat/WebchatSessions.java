package org.oneplace.channel.webchat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelException;
import org.oneplace.channel.internal.Intake;
import org.oneplace.channel.internal.Signatures;
import org.oneplace.platform.EventStreams;
import org.oneplace.platform.PgListener;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.EmailAddress;
import org.oneplace.shared.RandomTokens;
import org.oneplace.shared.Uuid7;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the embedded widget does from the site's pages (origins the channel allows): start a visitor session, post a
 * message, read the visitor's messages, follow new ones over Server-Sent Events (per node, woken across nodes by
 * {@code NOTIFY webchat}). The session token
 * travels in {@code X-Widget-Session}, never in a URL; streams are per visitor session, so one visitor never sees
 * another's messages, and agents' notes never reach a widget because they are never sent.
 */
@Component
public class WebchatSessions implements SmartLifecycle {

    public static final String SESSION_HEADER = "X-Widget-Session";

    private final Intake channels;
    private final WebchatRepository chats;
    private final JsonMapper json;
    private final DataSource dataSource;
    private final Clock clock;
    private final EventStreams eventStreams;
    private final Map<UUID, List<Stream>> streams = new ConcurrentHashMap<>();
    private @Nullable PgListener listener;

    WebchatSessions(
            Intake channels,
            WebchatRepository chats,
            JsonMapper json,
            DataSource dataSource,
            Clock clock,
            EventStreams eventStreams) {
        this.eventStreams = eventStreams;
        this.channels = channels;
        this.chats = chats;
        this.json = json;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A visitor starting a chat; {@code userHash} is the site's HMAC-SHA256 of {@code userId} (lowercase hex). */
    public record StartSession(
            @Nullable @Size(max = 200) String anonymousId,
            @Nullable @Size(max = 200) String userId,
            @Nullable @Size(max = 128) String userHash,
            @Nullable @Size(max = 320) String email,
            @Nullable @Size(max = 200) String name) {}

    public record Started(UUID sessionId, String token) {}

    public record Post(
            @NotBlank @Size(max = 10_000) String text,
            @NotBlank @Size(max = 100) String clientId) {}

    /** Starts a visitor's session; answers the token (shown once) and the CORS headers for the page's origin. */
    @Transactional
    public ResponseEntity<Started> start(UUID channelId, StartSession start, @Nullable String origin) {
        ChannelAccount account = channels.account(channelId)
                .filter(a -> a.type() == ChannelType.WEBCHAT)
                .orElseThrow(() -> ChannelException.unknown(channelId));
        HttpHeaders cors = cors(account, origin);
        boolean verified = false;
        if (start.userId() != null) {
            String secret = account.setting("identitySecret");
            if (secret == null) {
                throw ChannelException.signature("This chat does not verify signed-in users (no identitySecret is"
                        + " set on the channel); start the chat without userId.");
            }
            String expected = Signatures.hmacSha256Hex(secret, start.userId().getBytes(StandardCharsets.UTF_8));
            if (!Signatures.same(expected, start.userHash())) {
                throw ChannelException.signature("The identity hash does not match: userHash must be the HMAC-SHA256"
                        + " of the user id with the channel's identity secret, computed by the site's server.");
            }
            verified = true;
        }
        String email = null;
        if (start.email() != null && !start.email().isBlank()) {
            email = EmailAddress.of(start.email()).value();
        }
        String token = RandomTokens.of("", 32);
        UUID id = Uuid7.next();
        chats.insertSession(
                new WebchatRepository.Session(
                        id,
                        channelId,
                        blank(start.anonymousId()),
                        verified ? start.userId() : null,
                        verified,
                        email,
                        blank(start.name())),
                Signatures.sha256Hex(token.getBytes(StandardCharsets.UTF_8)),
                clock.instant());
        return ResponseEntity.status(HttpStatus.CREATED).headers(cors).body(new Started(id, token));
    }

    /** A visitor's message, stored for processing and shown to them. */
    public ResponseEntity<Map<String, Object>> post(@Nullable String token, @Nullable String origin, Post post) {
        WebchatRepository.Session session = session(token);
        HttpHeaders cors = cors(account(session), origin);
        Instant now = clock.instant();
        store(session, post, now);
        return ResponseEntity.status(HttpStatus.ACCEPTED).headers(cors).body(Map.of("accepted", true));
    }

    /**
     * Stores the message for processing, then shows it to the visitor; both steps are idempotent by the widget's
     * client id, so a retry after any failure completes what is missing and doubles nothing.
     */
    private void store(WebchatRepository.Session session, Post post, Instant now) {
        byte[] raw = json.writeValueAsBytes(Map.of(
                "sessionId", session.id().toString(),
                "clientId", post.clientId(),
                "text", post.text(),
                "at", now.toString()));
        channels.store(session.channelId(), raw, "application/json");
        chats.visitorWrote(session.id(), post.clientId(), post.text(), now);
    }

    /** What the visitor's widget shows after a position: their messages and the replies. */
    public ResponseEntity<Map<String, Object>> messages(@Nullable String token, @Nullable String origin, long after) {
        WebchatRepository.Session session = session(token);
        HttpHeaders cors = cors(account(session), origin);
        return ResponseEntity.ok().headers(cors).body(Map.of("items", chats.lines(session.id(), after, 500)));
    }

    /** New lines for the visitor as Server-Sent Events, from a position on. */
    public ResponseEntity<SseEmitter> stream(@Nullable String token, @Nullable String origin, long after) {
        WebchatRepository.Session session = session(token);
        HttpHeaders cors = cors(account(session), origin);
        SseEmitter emitter = eventStreams.open();
        Stream stream = new Stream(session.id(), emitter, after);
        streams.computeIfAbsent(session.id(), k -> new CopyOnWriteArrayList<>()).add(stream);
        Runnable remove = () -> streams.getOrDefault(session.id(), List.of()).remove(stream);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        push(stream);
        return ResponseEntity.ok().headers(cors).body(emitter);
    }

    private final class Stream {
        final UUID session;
        final SseEmitter emitter;
        long last;

        Stream(UUID session, SseEmitter emitter, long last) {
            this.session = session;
            this.emitter = emitter;
            this.last = last;
        }
    }

    private void push(Stream stream) {
        synchronized (stream) {
            for (WebchatRepository.Line line : chats.lines(stream.session, stream.last, 500)) {
                try {
                    stream.emitter.send(SseEmitter.event()
                            .id(Long.toString(line.id()))
                            .name("message")
                            .data(line, MediaType.APPLICATION_JSON));
                    stream.last = line.id();
                } catch (IOException | IllegalStateException e) {
                    stream.emitter.completeWithError(e);
                    return;
                }
            }
        }
    }

    private WebchatRepository.Session session(@Nullable String token) {
        if (token == null || token.isBlank()) {
            throw ChannelException.unauthenticated(
                    "Send the chat session token in the " + SESSION_HEADER + " header; start a session first.");
        }
        WebchatRepository.Session session = chats.byToken(Signatures.sha256Hex(token.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow(() -> ChannelException.unauthenticated(
                        "The chat session is unknown or has ended; start a new session."));
        chats.touch(session.id(), clock.instant());
        return session;
    }

    private ChannelAccount account(WebchatRepository.Session session) {
        return channels.account(session.channelId()).orElseThrow(() -> ChannelException.unknown(session.channelId()));
    }

    /** The CORS answer for a page on {@code origin}: allowed origins only (requests without one are not browsers'). */
    private static HttpHeaders cors(ChannelAccount account, @Nullable String origin) {
        HttpHeaders headers = new HttpHeaders();
        if (origin == null) {
            return headers;
        }
        Set<String> allowed =
                Set.copyOf(Arrays.stream(account.setting("allowedOrigins", "").split("[,\\s]+"))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList());
        if (!allowed.contains(origin) && !allowed.contains("*")) {
            throw ChannelException.originRefused(origin);
        }
        headers.add(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        return headers;
    }

    private static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public void start() {
        listener = PgListener.start(dataSource, "webchat", payload -> {
            if (payload == null) {
                return;
            }
            try {
                streams.getOrDefault(UUID.fromString(payload), List.of()).forEach(this::push);
            } catch (IllegalArgumentException ignored) {
                // not a session id
            }
        });
    }

    @Override
    public void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }
}
