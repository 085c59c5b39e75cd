package org.oneplace.channel.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.ChannelException;
import org.oneplace.platform.OutboundGuard;
import org.springframework.stereotype.Component;

/**
 * The rules for a channel account's settings: only the keys the adapter takes, the required ones present, URLs
 * that are URLs, and every destination (a provider's base URL, a mail server) one the outbound address guard lets
 * through. Secrets are split from what may be shown.
 */
@Component
public class ChannelSettings {

    private final OutboundGuard guard;

    ChannelSettings(OutboundGuard guard) {
        this.guard = guard;
    }

    /** The settings after applying {@code changes} (a blank value removes one) to {@code current}, checked. */
    public Map<String, String> checked(
            ChannelAdapter adapter, Map<String, String> current, Map<String, String> changes) {
        ChannelAdapter.Settings spec = adapter.settings();
        Set<String> known = new TreeSet<>(spec.required());
        known.addAll(spec.optional());
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (!known.contains(key)) {
                throw ChannelException.invalid("'" + key + "' is not a setting of "
                        + adapter.type().code() + " channels; they take " + known + ".");
            }
            if (value == null || value.isBlank()) {
                merged.remove(key);
            } else {
                merged.put(key, value.strip());
            }
        });
        List<String> missing = spec.required().stream()
                .filter(k -> !merged.containsKey(k))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw ChannelException.invalid(
                    adapter.type().code() + " channels need the settings " + missing + "; they take " + known + ".");
        }
        merged.forEach((key, value) -> {
            if ((key.endsWith("Url") || key.endsWith("BaseUrl")) && !isHttpUrl(value)) {
                throw ChannelException.invalid("'" + key + "' must be an http or https URL, not '" + value + "'.");
            }
        });
        destinations(merged).forEach(this::checkDestination);
        return merged;
    }

    /**
     * Changing where a channel connects would carry its stored secrets to the new place: a changed destination must
     * come with the secrets it uses in the same change ({@code apiBaseUrl}: all of them; {@code smtpHost}: the
     * {@code smtp…} ones), so that whoever redirects a channel has to know them already.
     */
    public void secretsFollowDestination(
            ChannelAdapter adapter,
            Map<String, String> before,
            Map<String, String> after,
            Map<String, String> changes) {
        Map<String, String> was = destinations(before);
        destinations(after).forEach((key, destination) -> {
            if (destination.equals(was.get(key))) {
                return;
            }
            String prefix = key.endsWith("BaseUrl") ? "" : key.substring(0, key.length() - "Host".length());
            List<String> missing = adapter.settings().secrets().stream()
                    .filter(secret -> secret.startsWith(prefix) && before.containsKey(secret))
                    .filter(secret ->
                            changes.get(secret) == null || changes.get(secret).isBlank())
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                throw ChannelException.invalid("Changing '" + key + "' sends the channel's secrets to a new place;"
                        + " enter " + missing + " again in the same change.");
            }
        });
    }

    /** The settings that may be shown: all but the adapter's secrets. */
    public static Map<String, String> visible(ChannelAdapter adapter, Map<String, String> settings) {
        Map<String, String> visible = new LinkedHashMap<>(settings);
        visible.keySet().removeAll(adapter.settings().secrets());
        return visible;
    }

    /** The adapter's secrets among the settings; stored apart, never shown. */
    public static Map<String, String> secret(ChannelAdapter adapter, Map<String, String> settings) {
        Map<String, String> secret = new LinkedHashMap<>(settings);
        secret.keySet().retainAll(adapter.settings().secrets());
        return secret;
    }

    /**
     * Where an account's settings make Oneplace connect: every {@code …BaseUrl} (a provider's API) and every
     * {@code …Host} with its {@code …Port} (a mail server), by setting name. Only these carry secrets out.
     */
    private static Map<String, String> destinations(Map<String, String> settings) {
        Map<String, String> destinations = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.endsWith("BaseUrl")) {
                destinations.put(key, value);
            } else if (key.endsWith("Host")) {
                String prefix = key.substring(0, key.length() - "Host".length());
                destinations.put(key, value + ":" + settings.getOrDefault(prefix + "Port", "0"));
            }
        });
        return destinations;
    }

    /** Refuses a destination the outbound address guard does not let through (SSRF). */
    private void checkDestination(String key, String destination) {
        try {
            if (key.endsWith("BaseUrl")) {
                guard.checkUrl("'" + key + "'", destination);
            } else {
                int colon = destination.lastIndexOf(':');
                int port = Integer.parseInt(destination.substring(colon + 1));
                int known = port != 0 ? port : key.startsWith("imap") ? 143 : 25;
                guard.checkHost("'" + key + "'", destination.substring(0, colon), known);
            }
        } catch (NumberFormatException e) {
            throw ChannelException.invalid("'" + key.replace("Host", "Port") + "' must be a port number.");
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
