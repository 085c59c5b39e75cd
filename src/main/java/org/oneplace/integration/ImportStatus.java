package org.oneplace.integration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where an import stands: queued → running → completed or failed; cancelled (and resumable) on request. */
public enum ImportStatus {
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

    /** Whether the import has stopped for good (a cancelled one can be resumed, so it has not). */
    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
