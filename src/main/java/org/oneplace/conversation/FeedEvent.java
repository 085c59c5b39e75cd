package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * One change in a conversation, as the live inbox streams it: ids only, the page reads the rest.
 *
 * @param id increasing across the installation; a stream resumes after the last id it saw
 * @param kind {@code opened}, {@code received}, {@code replied}, {@code assigned}, {@code handed_off},
 *     {@code resolved}, {@code status}, {@code ringing} (a customer's call has started: the inbox pops the caller
 *     up)
 */
public record FeedEvent(long id, UUID conversationId, UUID customerId, String kind, Instant at) {}
