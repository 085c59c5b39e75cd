package org.oneplace.integration;

import org.jspecify.annotations.Nullable;

/**
 * A row an import refused.
 *
 * @param line the line of the file where the row starts (1 is a CSV file's header)
 * @param field the column or property at fault, when one is
 * @param reason what is wrong and what would be right
 */
public record ImportRejectView(long line, @Nullable String field, String reason) {}
