package org.oneplace.channel;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.channel.internal.Adapters;
import org.oneplace.channel.internal.InboundQueue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the channel module keeps of what customers sent, for the module that shows and erases their messages: the
 * files that came with them, and the forgetting of an erased person's provider ids (module API).
 */
@Service
public class InboundRecords {

    private final InboundQueue queue;
    private final Adapters adapters;
    private final Messaging messaging;

    InboundRecords(InboundQueue queue, Adapters adapters, Messaging messaging) {
        this.queue = queue;
        this.adapters = adapters;
        this.messaging = messaging;
    }

    /**
     * A file that came with a customer's message, read from the raw request it arrived in; empty when the request
     * is no longer kept (its retention passed, or the person was erased) or holds no such file.
     */
    @Transactional(readOnly = true)
    public Optional<AttachmentFile> attachment(UUID channelId, String externalId, String ref) {
        return messaging
                .account(channelId)
                .flatMap(account -> queue.stored(channelId, externalId)
                        .flatMap(stored -> adapters.of(account.type()).attachment(stored.request(), ref)));
    }

    /**
     * Remembers, without anything personal, that messages with these provider ids were erased with their person: a
     * provider request carrying one again is acknowledged and dropped, never stored. Called in the erasure's
     * transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(UUID channelId, Collection<String> externalIds) {
        queue.forget(channelId, externalIds);
    }
}
