package org.oneplace.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.MessageTemplate;

/**
 * A reply or note.
 *
 * @param channel where to send: a channel type ({@code whatsapp}) or a channel account id; default the channel the
 *     customer last wrote on
 * @param isPrivate a note for colleagues; never sent
 * @param clientId the client's own id for this message: a double submit with the same id posts once
 * @param author {@code {"type":"bot","name":"…"}} when a bot posts; default the signed-in agent
 * @param template an approved WhatsApp template to send instead of text ({@code content} is then not needed): the
 *     only message WhatsApp takes outside the 24-hour window
 */
public record PostMessage(
        @Nullable @Size(max = 10_000) String content,
        @Nullable @Size(max = 64) String channel,
        @JsonProperty("private") @Nullable Boolean isPrivate,
        @Nullable @Size(max = 100) String clientId,
        @Nullable @Valid BotAuthor author,
        @Nullable @Valid MessageTemplate template) {

    /** A message without a template. */
    public PostMessage(
            String content,
            @Nullable String channel,
            @Nullable Boolean isPrivate,
            @Nullable String clientId,
            @Nullable BotAuthor author) {
        this(content, channel, isPrivate, clientId, author, null);
    }

    public boolean note() {
        return Boolean.TRUE.equals(isPrivate);
    }

    /** The text to store: what was written, or for a template its name and values. */
    public String text() {
        return template != null && (content == null || content.isBlank())
                ? template.summary()
                : content == null ? "" : content;
    }

    @AssertTrue(message = "write some content, or send a template (templates cannot be private notes)")
    @JsonIgnore
    public boolean isComplete() {
        return template == null ? content != null && !content.isBlank() : !note();
    }

    /** A bot posting through the API. */
    public record BotAuthor(
            @Pattern(regexp = "bot", message = "must be 'bot' (agents post as themselves)")
            String type,

            @Nullable @Size(max = 100) String name) {}
}
