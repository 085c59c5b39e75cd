package org.oneplace.channel;

import java.util.Set;
import java.util.UUID;

/**
 * What another module does with what customers send: the channel module runs the queue of stored provider requests
 * (lanes, workers, retries, quarantine) and hands each request's messages and receipts to the handler, the way the
 * customer module asks its {@code TimelineSource}s. The conversation module implements it.
 *
 * <p>Called in the worker's transaction, which then marks the request processed: everything the handler writes
 * commits with that mark or not at all, and a failure is retried (eight times, then quarantined). It must be
 * idempotent, since a request is handled again after a failure. An SMS {@code STOP} and the like are recorded by
 * the handler through {@link Messaging#recordConsent}, once it knows the customer.
 */
public interface InboundHandler {

    /**
     * Handles one stored request.
     *
     * @return the customers it was about, so that erasure and export find the raw request
     */
    Set<UUID> handle(ChannelAccount channel, Inbound inbound);
}
