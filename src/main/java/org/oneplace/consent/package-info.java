/**
 * Consent: a ledger per customer × channel × purpose (marketing, transactional, service) of GRANTED, DENIED and
 * REVOKED with time, source and evidence; the history is kept, the current state is the latest entry. Other modules
 * ask {@link ConsentService#allows} before contacting a customer.
 *
 * <p>It does not decide whom to message (marketing does) nor send anything (channel). It follows customer merges
 * and undos, contributes consent changes to the timeline, and publishes {@link ConsentChanged}.
 */
@NullMarked
@ApplicationModule(
        displayName = "Consent",
        allowedDependencies = {"shared", "platform", "customer"})
package org.oneplace.consent;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
