package org.oneplace.staff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.oneplace.shared.InvalidValueException;

/**
 * What a principal may do. Roles grant sets of permissions; API tokens carry a subset of their owner's. The code
 * ({@code users:manage}) is the Spring Security authority checked by endpoints and the scope name of tokens.
 */
public enum Permission {
    USERS_READ("users:read"),
    USERS_MANAGE("users:manage"),
    TOKENS_MANAGE("tokens:manage"),
    WRITE_KEYS_MANAGE("write-keys:manage"),
    AUDIT_READ("audit:read"),
    METRICS_READ("metrics:read"),
    /** See customers, their identifiers, traits, consents and timeline. */
    CUSTOMERS_READ("customers:read"),
    /** Add identifiers, set traits and consents. */
    CUSTOMERS_WRITE("customers:write"),
    /** Merge customers by hand and undo merges. */
    CUSTOMERS_MERGE("customers:merge"),
    /** Export everything held about a person (GDPR access and portability). */
    CUSTOMERS_EXPORT("customers:export"),
    /** Erase a person's data (GDPR erasure); admins only. */
    CUSTOMERS_ERASE("customers:erase"),
    /** See products, prices, promotions, quotes, locations and stock availability. */
    CATALOG_READ("catalog:read"),
    /** Create products, set prices, run promotions, create locations. */
    CATALOG_MANAGE("catalog:manage"),
    /** Set stock levels, record receipts and counts, reserve and release stock by hand. */
    INVENTORY_MANAGE("inventory:manage"),
    /** See carts, orders, pickups and returns. */
    ORDERS_READ("orders:read"),
    /** Change carts, place orders (online or at the till), hand over pickups, take returns. */
    ORDERS_WRITE("orders:write"),
    /** Connect channel accounts (WhatsApp numbers, pages, mailboxes, the web chat) and set their secrets. */
    CHANNELS_MANAGE("channels:manage"),
    /** See conversations, their messages and notes. */
    CONVERSATIONS_READ("conversations:read"),
    /** Answer customers, write notes, assign and resolve conversations, post as a bot. */
    CONVERSATIONS_WRITE("conversations:write"),
    /** Set SLA policies and business hours. */
    ROUTING_MANAGE("routing:manage"),
    /** See segments, templates, journeys, broadcasts and their reports, and what marketing sent a customer. */
    MARKETING_READ("marketing:read"),
    /** Define segments, templates and journeys, start and pause them, set the sending rules. */
    MARKETING_MANAGE("marketing:manage"),
    /** See the analytics: per-channel figures, transitions, the continuity audit and its examples. */
    ANALYTICS_READ("analytics:read"),
    /** Rebuild the analytics from their raw touches. */
    ANALYTICS_MANAGE("analytics:manage"),
    /** Register webhook endpoints for integrators, see their delivery logs and replay deliveries. */
    WEBHOOKS_MANAGE("webhooks:manage"),
    /** Bring customers in from files (bulk import), follow the imports, cancel and resume them. */
    IMPORTS_RUN("imports:run");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Permission parse(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not a permission; use one of "
                        + Arrays.stream(values()).map(Permission::code).toList()));
    }
}
