/**
 * Routing: who answers a conversation and by when. Automatic assignment to the least-loaded available member of
 * the team that answers the channel the customer wrote on (within their capacity); SLA policies — first response,
 * next response, resolution — counted in business hours with holidays and stopped while the conversation waits on
 * the customer; a database-backed breach scan ({@code FOR UPDATE SKIP LOCKED}) that escalates: reassigns, notes it
 * in the conversation and tells the team's supervisors.
 *
 * <p>It reacts to the conversation module's events and calls its API; teams and presence belong to {@code staff}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Routing and SLAs",
        allowedDependencies = {"shared", "platform", "staff", "conversation"})
package org.oneplace.routing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
