package org.oneplace.marketing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A message template (Mustache, logic-less).
 *
 * @param channel what it is written for: {@code email} bodies are HTML (a plain-text part is generated), every other
 *     channel's body is plain text
 * @param locale a BCP 47 tag ({@code fr-FR}) for formatting prices; else the customer's {@code locale} trait
 */
public record TemplateRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull ChannelType channel,

        @Nullable @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a language tag like fr-FR")
        String locale,

        @Nullable @Size(max = 500) String subject,
        @NotBlank @Size(max = 100_000) String body) {}
