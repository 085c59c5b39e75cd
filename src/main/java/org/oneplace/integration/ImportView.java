package org.oneplace.integration;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A bulk import and how far it got.
 *
 * @param rowsRead records read and committed (written or rejected); a resumed import continues after them
 * @param rowsWritten records brought in
 * @param rowsRejected records refused, each listed with its line and reason under {@code /rejects}
 * @param customersCreated customers that did not exist before
 * @param customersMerged customers merged into another because a row showed they are one person
 * @param conflicts identity conflicts recorded instead of merging (two user ids for one person)
 * @param consentsRecorded consent choices added to the ledger (one already there is not added again)
 * @param ordersCreated orders added (one brought in before under its reference is not added again)
 * @param progress the share of the file read, 0 to 1
 * @param rowsPerSecond records per second of work so far
 * @param etaSeconds the seconds of work left at that rate, while running
 * @param error why a failed import stopped, with the line
 */
public record ImportView(
        UUID id,
        ImportKind kind,
        String format,
        ImportStatus status,
        @Nullable String fileName,
        long bytes,
        String sha256,
        String createdBy,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        long customersCreated,
        long customersMerged,
        long conflicts,
        long consentsRecorded,
        long ordersCreated,
        double progress,
        @Nullable Double rowsPerSecond,
        @Nullable Long etaSeconds,
        @Nullable String error) {}
