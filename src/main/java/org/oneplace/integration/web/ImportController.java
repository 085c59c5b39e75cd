package org.oneplace.integration.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.ImportKind;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.integration.ImportService;
import org.oneplace.integration.ImportView;
import org.oneplace.shared.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Bulk import: files of customers brought in as a job (all need imports:run). */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports")
class ImportController {

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    @PostMapping
    @Operation(
            summary = "Bring a file in (?kind=customers): the request body is the file, CSV with a header"
                    + " (Content-Type text/csv) or JSON Lines (application/x-ndjson), streamed, up to"
                    + " oneplace.platform.web.max-import-body; answers 202 with the queued import")
    ResponseEntity<ImportView> start(
            @RequestParam String kind,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String fileName,
            HttpServletRequest request)
            throws IOException {
        ImportView started = imports.start(
                ImportKind.parse(kind),
                ImportService.format(format, request.getContentType(), fileName),
                fileName,
                request.getInputStream());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/imports/" + started.id())
                .body(started);
    }

    @GetMapping
    @Operation(summary = "Imports, newest first (?cursor=&limit=)")
    Page<ImportView> list(
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(defaultValue = "20") int limit) {
        return imports.list(cursor, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "An import: status, rows read, written, merged, rejected, the rate and the time left")
    ImportView view(@PathVariable UUID id) {
        return imports.view(id);
    }

    @GetMapping("/{id}/rejects")
    @Operation(summary = "The rows an import refused: line, field and reason (?cursor=&limit=)")
    Page<ImportRejectView> rejects(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        return imports.rejects(id, cursor, limit);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Stop after the batch being written; what was written stays, and the import can be resumed")
    ImportView cancel(@PathVariable UUID id) {
        return imports.cancel(id);
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Go on with a cancelled import after its last committed batch")
    ImportView resume(@PathVariable UUID id) {
        return imports.resume(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Forget an import that is not running: its file, counts and rejects (its data stays)")
    void delete(@PathVariable UUID id) {
        imports.delete(id);
    }
}
