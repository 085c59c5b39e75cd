package org.oneplace.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An agent or bot answered the customer (queued for sending); notes are not replies. */
public record ReplySent(
        UUID conversationId,
        UUID customerId,
        UUID messageId,
        Author authorType,
        @Nullable String authorId,
        Instant occurredAt) {

    /** Who answered; it travels in the event publication log by its code. */
    public enum Author {
        AGENT,
        BOT;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Author parse(String code) {
            return Arrays.stream(values())
                    .filter(a -> a.code().equals(code))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("not an author of replies: " + code));
        }
    }
}
