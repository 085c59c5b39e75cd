package org.oneplace.customer;

import java.time.Instant;

/** One identifier of a customer as the API shows it. */
public record IdentifierView(IdentifierType type, String value, boolean verified, Instant addedAt, String source) {}
