package org.oneplace.channel.twilio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.internal.Signatures;

/**
 * Twilio's {@code X-Twilio-Signature} (RELIABILITY §1.4, twilio-java {@code RequestValidator}): Base64 HMAC-SHA1
 * with the auth token over the full URL followed by each POST parameter's name and value, names sorted. The URL is
 * tried as given, without its port and with the scheme's default port, since Twilio may have signed either. For
 * JSON bodies Twilio signs the URL only and puts the body's SHA-256 in the {@code bodySHA256} query parameter.
 */
final class TwilioSignature {

    private TwilioSignature() {}

    static String sign(String authToken, String url, List<Map.Entry<String, String>> params) {
        StringBuilder data = new StringBuilder(url);
        params.stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(p -> data.append(p.getKey()).append(p.getValue() == null ? "" : p.getValue()));
        return Signatures.hmacSha1Base64(authToken, data.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a form POST's signature is valid for any spelling of its URL. */
    static boolean valid(
            String authToken, String url, List<Map.Entry<String, String>> params, @Nullable String signature) {
        for (String candidate : spellings(url)) {
            if (Signatures.same(sign(authToken, candidate, params), signature)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a JSON-bodied request's URL signature and {@code bodySHA256} both match. */
    static boolean validJson(String authToken, String url, byte[] body, @Nullable String signature) {
        String hash = query(URI.create(url).getRawQuery(), "bodySHA256");
        return hash != null
                && Signatures.same(Signatures.sha256Hex(body), hash)
                && valid(authToken, url, List.of(), signature);
    }

    static Set<String> spellings(String url) {
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(url);
        URI uri = URI.create(url);
        String rest = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String scheme = uri.getScheme();
        String host = uri.getHost();
        spellings.add(scheme + "://" + host + rest);
        spellings.add(scheme + "://" + host + ":" + ("https".equals(scheme) ? 443 : 80) + rest);
        return spellings;
    }

    /** One parameter of a raw query string, decoded. */
    static @Nullable String query(@Nullable String raw, String name) {
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The parameters of a form body, in order, decoded. */
    static List<Map.Entry<String, String>> form(byte[] body) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(Map.entry(
                    java.net.URLDecoder.decode(name, StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return params;
    }
}
