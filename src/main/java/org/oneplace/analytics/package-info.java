/**
 * Analytics: per-channel figures (traffic, session length, conversion, returning customers, product returns),
 * customer service and marketing per channel, transitions between channels and the continuity audit — did the
 * context carry over when a customer switched?
 *
 * <p>It keeps its own read tables, fed by the other modules' events after their commits (messages, calls, orders,
 * returns, conversations) and by the tracking feed read behind ingestion by position, so it never slows the write
 * path. Touches are the raw material; sessions are derived from a customer's touches by one SQL rule, again whenever
 * a late event, merge or undo changes them, so the incremental figures equal a rebuild. Nothing but the console reads
 * it. Erasure unlinks a person's touches: the counts stay, the person is gone.
 */
@NullMarked
@ApplicationModule(
        displayName = "Analytics",
        allowedDependencies = {
            "shared",
            "platform",
            "customer",
            "tracking",
            "conversation",
            "order",
            "fulfilment",
            "marketing",
            "routing"
        })
package org.oneplace.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
