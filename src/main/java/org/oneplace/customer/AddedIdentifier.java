package org.oneplace.customer;

import java.util.List;
import java.util.UUID;

/**
 * The answer to adding an identifier.
 *
 * @param merged whether adding it merged another customer (the holder of the identifier) into this one, or this
 *     one into an older holder
 * @param mergedIds the customers merged away
 * @param customer the customer now holding the identifier
 */
public record AddedIdentifier(boolean merged, List<UUID> mergedIds, CustomerView customer) {}
