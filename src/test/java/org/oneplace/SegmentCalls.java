package org.oneplace;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Segment calls as the SDKs send them, for {@code /v1/batch}: a timestamp of the test's choosing, a fresh messageId. */
public final class SegmentCalls {

    private SegmentCalls() {}

    /** A page view on the web ({@code screen} in the app) on the channel {@code context.channel} names. */
    public static Map<String, Object> page(@Nullable String userId, String anonymousId, String channel, Instant at) {
        Map<String, Object> call = base("app".equals(channel) ? "screen" : "page", userId, anonymousId, channel, at);
        call.put("name", "Home");
        return call;
    }

    /** A track call, e.g. {@code Product Viewed}. */
    public static Map<String, Object> track(
            @Nullable String userId,
            String anonymousId,
            String channel,
            Instant at,
            String event,
            Map<String, Object> properties) {
        Map<String, Object> call = base("track", userId, anonymousId, channel, at);
        call.put("event", event);
        call.put("properties", properties);
        return call;
    }

    /** An identify call on the web with these traits. */
    public static Map<String, Object> identify(
            String userId, String anonymousId, Instant at, Map<String, Object> traits) {
        Map<String, Object> call = base("identify", userId, anonymousId, "web", at);
        call.put("traits", traits);
        return call;
    }

    private static Map<String, Object> base(
            String type, @Nullable String userId, String anonymousId, String channel, Instant at) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", type);
        if (userId != null) {
            call.put("userId", userId);
        }
        call.put("anonymousId", anonymousId);
        call.put("timestamp", at.toString());
        call.put("messageId", UUID.randomUUID().toString());
        call.put("context", Map.of("channel", channel));
        return call;
    }
}
