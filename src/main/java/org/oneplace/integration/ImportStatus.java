package org.oneplace.integration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where an import stands: receiving (its file) → queued → running → completed or failed; cancelled on request. A
 * cancelled or failed import can be resumed after its last committed batch.
 */
public enum ImportStatus {
    RECEIVING,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportStatus parse(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown import status " + code));
    }

    /** Whether the import is waiting or being worked on. */
    public boolean busy() {
        return this == RECEIVING || this == QUEUED || this == RUNNING;
    }
}
