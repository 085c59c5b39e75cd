package org.oneplace.marketing;

import org.jspecify.annotations.Nullable;

/**
 * A rendered template.
 *
 * @param body what the channel carries: HTML for e-mail, text elsewhere
 * @param text the plain-text part of an e-mail
 */
public record PreviewView(
        @Nullable String subject, String body, @Nullable String text) {}
