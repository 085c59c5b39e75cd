/**
 * Tracking compatible with the Segment HTTP API, so existing Segment and RudderStack SDKs work unchanged: identify,
 * track, page, screen, group, alias and batch (and the browser SDK's short paths), authenticated by write keys,
 * de-duplicated by {@code messageId}, corrected for client clock skew, resolved to one customer per person, grouped
 * into sessions per device, and shown on the customer timeline (e-commerce events typed).
 *
 * <p>Requests are acknowledged only after their events are committed; concurrent requests share one commit
 * ({@code internal.IngestQueue}). It does not own customers (it asks {@code customer} to resolve identifiers) nor
 * reports ({@code analytics}). It follows customer merges, undos and erasures in the same transaction. It depends on
 * {@code staff} for write keys, the credentials of tracking sources.
 */
@NullMarked
@ApplicationModule(
        displayName = "Tracking",
        allowedDependencies = {"shared", "platform", "customer", "staff"})
package org.oneplace.tracking;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
