package org.oneplace.marketing;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierView;

/** A customer in a segment, enough to recognise them. */
public record SegmentMember(UUID customerId, @Nullable String name, List<IdentifierView> identifiers) {}
