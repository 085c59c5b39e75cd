package org.oneplace.conversation;

import java.util.List;
import java.util.function.Consumer;

/**
 * The live feed of conversation changes on this node, fed by PostgreSQL {@code LISTEN/NOTIFY} so that a change
 * committed on any node reaches every node's streams, in order.
 */
public interface ConversationFeed {

    /** Changes after {@code afterId}, oldest first (a reconnecting stream's replay). */
    List<FeedEvent> since(long afterId, int limit);

    /** The newest change's id, 0 when there is none. */
    long latest();

    /** Calls the listener with every change from now on, in order, until the subscription is closed. */
    AutoCloseable subscribe(Consumer<FeedEvent> listener);
}
