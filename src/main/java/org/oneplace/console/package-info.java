/**
 * The web UI for agents, associates, marketers, managers and admins: server-rendered pages (Thymeleaf, htmx) over
 * the other modules' APIs. It holds no domain logic and no tables; every rule it shows is enforced by the module
 * it calls.
 */
@NullMarked
@ApplicationModule(
        displayName = "Console",
        allowedDependencies = {
            "shared",
            "platform",
            "staff",
            "customer",
            "catalog",
            "inventory",
            "cart",
            "order",
            "fulfilment",
            "channel",
            "conversation",
            "routing",
            "marketing",
            "analytics",
            "integration"
        })
package org.oneplace.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
