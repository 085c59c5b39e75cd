/**
 * Conversations: one open conversation per customer whatever channel they write on, the messages of every channel
 * in one thread, private notes, canned replies, bot hand-offs and the satisfaction survey after resolution.
 *
 * <p>Inbound messages are taken from the channel module's queue of stored requests by a few workers per node, are
 * resolved to a customer and
 * joined to that customer's open conversation — a resolved one reopens within a window, else a new one starts.
 * Replies go through a durable outbox (the {@code message} rows themselves) with backoff; an ambiguous send is
 * shown as {@code unknown}, never resent blindly. When customers merge, their conversations merge. Publishes
 * {@link ConversationOpened}, {@link MessageReceived}, {@link ReplySent} and {@link ConversationResolved}; routing
 * assigns and keeps SLA clocks from them.
 */
@NullMarked
@ApplicationModule(
        displayName = "Conversations",
        allowedDependencies = {"shared", "platform", "staff", "customer", "channel"})
package org.oneplace.conversation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
