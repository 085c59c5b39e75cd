package org.oneplace.channel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A message template approved at the provider (WhatsApp), the one kind of message a business may send outside the
 * 24-hour customer-service window or to open a conversation.
 *
 * @param name the template's name as approved in WhatsApp Manager ({@code order_update})
 * @param language its language code ({@code en_US}, {@code de})
 * @param parameters the values of its body placeholders {@code {{1}}}, {@code {{2}}} …, in order
 */
public record MessageTemplate(
        @NotBlank
        @Pattern(
                regexp = "[a-z0-9_]{1,512}",
                message = "the template name must be as approved at WhatsApp: a-z, 0-9 and _")
        String name,

        @NotBlank
        @Pattern(
                regexp = "[a-z]{2,3}(_[A-Z]{2})?",
                message = "the template language must be a code such as en_US or de")
        String language,

        @Nullable @Size(max = 20) List<@Size(max = 1024) String> parameters) {

    public MessageTemplate {
        // a null value (JSON null) is an empty one: the constructor runs before validation could name it
        parameters = parameters == null
                ? List.of()
                : parameters.stream().map(p -> p == null ? "" : p).toList();
    }

    /** What the thread shows for it: the template's name and its values (the provider renders the text). */
    public String summary() {
        return "Template " + name + " (" + language + ")"
                + (parameters.isEmpty() ? "" : ": " + String.join(" · ", parameters));
    }

    private static final String NAME = "template";
    private static final String LANGUAGE = "templateLanguage";
    private static final String PARAMETER = "templateParameter.";

    /** Stored with the message (its details), so that the outbox can send it again. */
    public Map<String, String> details() {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put(NAME, name);
        details.put(LANGUAGE, language);
        for (int i = 0; i < parameters.size(); i++) {
            details.put(PARAMETER + (i + 1), parameters.get(i));
        }
        return details;
    }

    /** The template a stored message's details hold, if it was one. */
    public static @Nullable MessageTemplate of(Map<String, String> details) {
        String name = details.get(NAME);
        if (name == null) {
            return null;
        }
        List<String> parameters = new java.util.ArrayList<>();
        for (int i = 1; details.containsKey(PARAMETER + i); i++) {
            parameters.add(details.get(PARAMETER + i));
        }
        return new MessageTemplate(name, details.getOrDefault(LANGUAGE, "en_US"), parameters);
    }
}
