/**
 * Integration: what other systems hear from Oneplace. Outbound webhooks signed per the Standard Webhooks spec: an
 * integrator registers an endpoint for some event types; every domain event of those types becomes one message
 * (its {@code webhook-id}), delivered to each endpoint at least once, in order per customer, retried with the
 * spec's backoff, through the outbound address guard, with a delivery log and manual replay.
 */
@NullMarked
@ApplicationModule(
        displayName = "Integration",
        allowedDependencies = {
            "shared",
            "platform",
            "customer",
            "consent",
            "conversation",
            "order",
            "fulfilment",
            "catalog",
            "inventory"
        })
package org.oneplace.integration;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
