/**
 * Marketing: what the customer record is for. Segments (rules compiled to one SQL statement over the owning modules'
 * tables, {@code CustomerFilter}s), Mustache templates, triggered journeys (entry, waits, conditions, sends, exits;
 * versioned, durable waits run by one node), and the rules every marketing send obeys before it goes through the
 * channel module's messaging port with purpose {@code marketing}: consent per channel, frequency caps across
 * channels that count agents' replies, quiet hours in the customer's time zone, inventory (only what can be bought
 * now), exactly once per journey step. Tracked links, one-click unsubscribe into the consent ledger, attribution of
 * orders to the last clicked (else sent) message.
 *
 * <p>It listens to {@code CartChanged}, {@code OrderPlaced} and {@code ReplySent} after their commits, and keeps its
 * part of the timeline, exports and erasure (counts per step survive erasure without the customer).
 */
@NullMarked
@ApplicationModule(
        displayName = "Marketing",
        allowedDependencies = {
            "shared",
            "platform",
            "customer",
            "consent",
            "channel",
            "catalog",
            "inventory",
            "cart",
            "order",
            "tracking",
            "conversation",
            "routing"
        })
package org.oneplace.marketing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
