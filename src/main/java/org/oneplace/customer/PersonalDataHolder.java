package org.oneplace.customer;

import java.util.Set;
import java.util.UUID;

/**
 * A module that keeps personal data by customer id. Export and erasure ask every holder, so a new module joins GDPR
 * requests by implementing this; both run in the caller's transaction.
 */
public interface PersonalDataHolder {

    /** The name of this module's part in an export, e.g. {@code events}. */
    String section();

    /** Everything this module holds about these customers (one person and the customers merged into it). */
    Object export(Set<UUID> customerIds);

    /** Deletes or pseudonymises everything this module holds about these customers. */
    void erase(Set<UUID> customerIds);
}
