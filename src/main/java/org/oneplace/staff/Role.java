package org.oneplace.staff;

import static org.oneplace.staff.Permission.ANALYTICS_READ;
import static org.oneplace.staff.Permission.AUDIT_READ;
import static org.oneplace.staff.Permission.CATALOG_MANAGE;
import static org.oneplace.staff.Permission.CATALOG_READ;
import static org.oneplace.staff.Permission.CONVERSATIONS_READ;
import static org.oneplace.staff.Permission.CONVERSATIONS_WRITE;
import static org.oneplace.staff.Permission.CUSTOMERS_EXPORT;
import static org.oneplace.staff.Permission.CUSTOMERS_MERGE;
import static org.oneplace.staff.Permission.CUSTOMERS_READ;
import static org.oneplace.staff.Permission.CUSTOMERS_WRITE;
import static org.oneplace.staff.Permission.INVENTORY_MANAGE;
import static org.oneplace.staff.Permission.MARKETING_MANAGE;
import static org.oneplace.staff.Permission.MARKETING_READ;
import static org.oneplace.staff.Permission.METRICS_READ;
import static org.oneplace.staff.Permission.ORDERS_READ;
import static org.oneplace.staff.Permission.ORDERS_WRITE;
import static org.oneplace.staff.Permission.ROUTING_MANAGE;
import static org.oneplace.staff.Permission.USERS_READ;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** The jobs people do in Oneplace, each granting a fixed set of permissions. */
public enum Role {
    /** Runs the installation: users, tokens, keys, channels, everything. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Leads agents: sees the team and the audit trail, merges and un-merges customers, exports a person's data. */
    SUPERVISOR(EnumSet.of(
            USERS_READ,
            AUDIT_READ,
            METRICS_READ,
            CUSTOMERS_READ,
            CUSTOMERS_WRITE,
            CUSTOMERS_MERGE,
            CUSTOMERS_EXPORT,
            CATALOG_READ,
            INVENTORY_MANAGE,
            ORDERS_READ,
            ORDERS_WRITE,
            CONVERSATIONS_READ,
            CONVERSATIONS_WRITE,
            ROUTING_MANAGE,
            MARKETING_READ,
            ANALYTICS_READ)),
    /** Answers customers in the inbox: quotes prices, sees and changes carts, places orders, starts returns. */
    AGENT(EnumSet.of(
            CUSTOMERS_READ,
            CUSTOMERS_WRITE,
            CATALOG_READ,
            ORDERS_READ,
            ORDERS_WRITE,
            CONVERSATIONS_READ,
            CONVERSATIONS_WRITE)),
    /** Serves customers in a store: the till, pickups, returns, stock counts. */
    ASSOCIATE(EnumSet.of(CUSTOMERS_READ, CUSTOMERS_WRITE, CATALOG_READ, INVENTORY_MANAGE, ORDERS_READ, ORDERS_WRITE)),
    /** Runs campaigns and journeys, the catalog's prices and promotions. */
    MARKETER(EnumSet.of(
            CUSTOMERS_READ,
            CUSTOMERS_WRITE,
            CATALOG_READ,
            CATALOG_MANAGE,
            ORDERS_READ,
            MARKETING_READ,
            MARKETING_MANAGE)),
    /** Reads reports. */
    ANALYST(EnumSet.of(METRICS_READ, MARKETING_READ, ANALYTICS_READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** The union of the permissions of some roles. */
    public static Set<Permission> permissionsOf(Collection<Role> roles) {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        roles.forEach(r -> all.addAll(r.permissions));
        return all;
    }
}
