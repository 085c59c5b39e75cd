package org.oneplace.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A reply or note.
 *
 * @param channel where to send: a channel type ({@code whatsapp}) or a channel account id; default the channel the
 *     customer last wrote on
 * @param isPrivate a note for colleagues; never sent
 * @param clientId the client's own id for this message: a double submit with the same id posts once
 * @param author {@code {"type":"bot","name":"…"}} when a bot posts; default the signed-in agent
 */
public record PostMessage(
        @NotBlank @Size(max = 10_000) String content,
        @Nullable @Size(max = 64) String channel,
        @JsonProperty("private") @Nullable Boolean isPrivate,
        @Nullable @Size(max = 100) String clientId,
        @Nullable @Valid BotAuthor author) {

    public boolean note() {
        return Boolean.TRUE.equals(isPrivate);
    }

    /** A bot posting through the API. */
    public record BotAuthor(
            @Pattern(regexp = "bot", message = "must be 'bot' (agents post as themselves)")
            String type,

            @Nullable @Size(max = 100) String name) {}
}
