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

    static ImportException notRunning(UUID id, ImportStatus status) {
        return new ImportException(
                Reason.CONFLICT,
                "Import " + status.code(),
                "The import " + id + " is " + status.code() + "; only a queued or running import can be cancelled"
                        + (status == ImportStatus.CANCELLED || status == ImportStatus.FAILED
                                ? ". POST …/resume goes on with it after its last committed batch."
                                : "."),
                "status");
    }

    static ImportException notStopped(UUID id, ImportStatus status) {
        return new ImportException(
                Reason.CONFLICT,
                "Import " + status.code(),
                "The import " + id + " is " + status.code() + "; only a cancelled or failed import can be resumed"
                        + (status == ImportStatus.COMPLETED ? ". To run the file again, bring it in again." : "."),
                "status");
    }

    static ImportException running(UUID id) {
        return new ImportException(
                Reason.CONFLICT,
                "Import running",
                "The import " + id
                        + " is running or receiving its file; cancel it first (POST …/cancel), then delete it.",
                "status");
    }

    static ImportException forbidden(ImportKind kind, String permission) {
        return new ImportException(
                Reason.FORBIDDEN,
                "Not allowed",
                "Importing " + kind.code() + " also needs the permission " + permission + ".",
                "kind");
    }

    static ImportException fileGone(UUID id) {
        return new ImportException(
                Reason.CONFLICT,
                "File deleted",
                "The file of import " + id + " was deleted after the import had stopped for a week; bring the file in"
                        + " again to finish it (rows already in change nothing).",
                "id");
    }
}
