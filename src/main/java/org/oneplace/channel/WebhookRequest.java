package org.oneplace.channel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A provider's request as received, before anything is parsed.
 *
 * @param subPath what follows the adapter's path, e.g. {@code /status} or an empty string
 * @param url the full URL as this server saw it, with the query string
 * @param headers names in lower case
 * @param query the query parameters
 * @param body the raw bytes
 */
public record WebhookRequest(
        String method,
        String subPath,
        String url,
        Map<String, String> headers,
        Map<String, List<String>> query,
        @Nullable String contentType,
        byte[] body) {

    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public @Nullable String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
