package org.oneplace.channel.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oneplace.channel.webchat.WebchatRepository;
import org.oneplace.customer.PersonalDataHolder;
import org.springframework.stereotype.Component;

/**
 * The raw provider requests about a person are personal data too: exported with everything else, and erased with
 * the person (RELIABILITY §3.8, PRIV-01). Processed requests are also purged after their retention. So are the
 * person's web-chat sessions: what they typed and saw there, and the session itself, which ends.
 */
@Component
class ChannelIntegration implements PersonalDataHolder {

    private final InboundEventRepository events;
    private final WebchatRepository webchat;
    private final Clock clock;

    ChannelIntegration(InboundEventRepository events, WebchatRepository webchat, Clock clock) {
        this.events = events;
        this.webchat = webchat;
        this.clock = clock;
    }

    @Override
    public String section() {
        return "channelPayloads";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return Map.of("received", events.about(customerIds), "webchatSessions", webchat.sessionsOf(customerIds));
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        webchat.eraseFor(customerIds);
        events.eraseAbout(customerIds, clock.instant());
    }
}
