/**
 * The one record per person that every channel writes into: customers, their identifiers (user id, emails, phones,
 * anonymous device ids, channel ids, loyalty ids), identity resolution (create, attach, merge with the oldest as
 * survivor, guard rails per identifier type, conflicts kept for a person), merge undo, traits (last write wins by
 * event time), search, and GDPR export and erasure.
 *
 * <p>It does not own what happens to a customer (events, messages, orders belong to their modules) nor consent
 * ({@code consent}). Other modules plug in through three small contracts declared here: {@link TimelineSource}
 * (their part of the timeline), {@link PersonalDataHolder} (their part of an export or an erasure) and {@link
 * ConsentSummaries} (the consents shown on the customer). Merges, undos and erasures are announced as {@link
 * CustomersMerged}, {@link CustomersUnmerged} and {@link CustomerErased}; consent carried in identify traits as
 * {@link ConsentSignalled}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Customers",
        allowedDependencies = {"shared", "platform"})
package org.oneplace.customer;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
