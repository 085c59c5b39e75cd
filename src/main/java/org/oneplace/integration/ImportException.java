package org.oneplace.integration;

import java.util.UUID;
import org.oneplace.platform.DomainException;

public class ImportException extends DomainException {

    ImportException(Reason reason, String title, String detail, String field) {
        super(reason, title, detail, field);
    }

    static ImportException invalid(String field, String detail) {
        return new ImportException(Reason.INVALID, "Invalid import", detail, field);
    }

    static ImportException unknown(UUID id) {
        return new ImportException(
                Reason.NOT_FOUND,
                "Unknown import",
                "There is no import " + id + "; GET /api/v1/imports lists them.",
                "id");
    }

    static ImportException finished(UUID id, ImportStatus status) {
        return new ImportException(
                Reason.CONFLICT,
                "Import " + status.code(),
                "The import " + id + " is " + status.code() + "; only a queued, running or cancelled import can be"
                        + " cancelled or resumed. Bring the file in again to run it anew: rows already in change"
                        + " nothing.",
                "status");
    }

    static ImportException running(UUID id) {
        return new ImportException(
                Reason.CONFLICT,
                "Import running",
                "The import " + id + " is running; cancel it first (POST …/cancel), then delete it.",
                "status");
    }
}
