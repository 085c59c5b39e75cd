package org.oneplace.customer;

import java.util.List;
import java.util.UUID;

/** Supplies the current consents shown on a customer; implemented by the consent module. */
public interface ConsentSummaries {

    List<ConsentSummary> current(UUID customerId);
}
