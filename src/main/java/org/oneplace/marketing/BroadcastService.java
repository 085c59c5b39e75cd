package org.oneplace.marketing;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.marketing.internal.JourneyRepository;
import org.oneplace.shared.ChannelType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broadcasts (secured by {@code marketing:read} and {@code marketing:manage}): a one-off send of a template to a
 * segment's members at a time and rate — a journey of one send step, released to the segment's members once.
 */
@Service
@Validated
public class BroadcastService {

    private final MarketingService marketing;
    private final JourneyRepository journeys;
    private final JsonMapper json;
    private final Clock clock;

    BroadcastService(MarketingService marketing, JourneyRepository journeys, JsonMapper json, Clock clock) {
        this.marketing = marketing;
        this.journeys = journeys;
        this.json = json;
        this.clock = clock;
    }

    /** Schedules a broadcast (a journey of one send, released to the segment's members at {@code sendAt}). */
    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public BroadcastView createBroadcast(@Valid BroadcastRequest request) {
        Instant now = clock.instant();
        Instant sendAt = request.sendAt() == null || request.sendAt().isBefore(now) ? now : request.sendAt();
        if (sendAt.isAfter(now.plus(java.time.Duration.ofDays(366)))) {
            throw MarketingException.invalid("sendAt", "A broadcast is sent within a year; got " + sendAt + ".");
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "broadcast");
        entry.put("segmentId", request.segmentId().toString());
        entry.put("sendAt", sendAt.toString());
        entry.put("ratePerMinute", request.ratePerMinute() == null ? 600 : request.ratePerMinute());
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("id", "send");
        send.put("type", "send");
        send.put("templateId", request.templateId().toString());
        send.put("channels", request.channels().stream().map(ChannelType::code).toList());
        JourneyView journey = marketing.createJourney(new JourneyRequest(
                request.name(), json.valueToTree(entry), List.of(json.valueToTree(send)), null, null, null));
        marketing.activate(journey.id());
        return broadcast(journey.id());
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public BroadcastView broadcast(UUID id) {
        JourneyRepository.Journey journey = journeys.find(id)
                .filter(j -> j.kind().equals("broadcast"))
                .orElseThrow(() -> MarketingException.unknown("broadcast", id));
        return broadcastView(journey);
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public List<BroadcastView> broadcasts() {
        return journeys.all().stream()
                .filter(j -> j.kind().equals("broadcast"))
                .map(this::broadcastView)
                .toList();
    }

    private BroadcastView broadcastView(JourneyRepository.Journey journey) {
        JsonNode definition = json.readTree(journeys.definition(journey.id(), journey.version()));
        JsonNode entry = definition.path("entry");
        JsonNode send = definition.path("steps").path(0);
        long[] audience = journeys.audience(journey.id());
        String status = journey.status().equals("paused")
                ? "paused"
                : journey.releasedAt() == null ? "scheduled" : audience[1] > 0 ? "sending" : "sent";
        return new BroadcastView(
                journey.id(),
                journey.name(),
                status,
                UUID.fromString(entry.path("segmentId").asString()),
                UUID.fromString(send.path("templateId").asString()),
                send.path("channels")
                        .valueStream()
                        .map(c -> ChannelType.parse(c.asString()))
                        .toList(),
                Instant.parse(entry.path("sendAt").asString()),
                entry.path("ratePerMinute").asInt(600),
                audience[0],
                marketing.report(journey.id()).stream().findFirst().orElse(null),
                journey.createdAt());
    }

    /** Holds a broadcast: nothing more is sent until it is resumed. */
    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public BroadcastView pause(UUID id) {
        broadcast(id);
        marketing.pause(id);
        return broadcast(id);
    }

    /** Resumes a held broadcast. */
    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public BroadcastView resume(UUID id) {
        broadcast(id);
        marketing.activate(id);
        return broadcast(id);
    }
}
