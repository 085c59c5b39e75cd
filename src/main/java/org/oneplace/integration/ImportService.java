package org.oneplace.integration;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.internal.ImportRepository;
import org.oneplace.platform.AuditActor;
import org.oneplace.platform.AuditLog;
import org.oneplace.platform.StorableText;
import org.oneplace.platform.Transactions;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Bulk imports as an admin runs them: bring a file in (CSV with a header, or JSON Lines), follow its progress, read the
 * rows it refused, cancel it and resume it. The file is stored whole in the database before the answer, so an
 * accepted import survives a restart; the {@code imports} job works it through (see {@code ImportRunner}).
 */
@Service
@PreAuthorize("hasAuthority('imports:run')")
public class ImportService {

    /** The name of the db-scheduler job that runs imports. */
    public static final String JOB = "imports";

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);

    private final ImportRepository imports;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    ImportService(
            ImportRepository imports,
            ObjectProvider<SchedulerClient> scheduler,
            Transactions transactions,
            AuditLog audit,
            Clock clock) {
        this.imports = imports;
        this.scheduler = scheduler;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Takes a file in: streamed into the database in pieces, each committed on its own (never the whole file in
     * memory, and no transaction held open while the client sends), then queued. Answers the import, queued; its rows
     * are read after this returns. An upload that breaks off leaves nothing.
     *
     * @param format {@code csv} or {@code jsonl}
     */
    public ImportView start(ImportKind kind, String format, @Nullable String fileName, InputStream body) {
        mayImport(kind);
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw ImportException.invalid(
                    "format", "'format' is csv (with a header line) or jsonl (one JSON object per line).");
        }
        String name = fileName == null || fileName.isBlank() || fileName.length() > 200
                ? null
                : StorableText.repaired(fileName.strip());
        UUID id = Uuid7.next();
        imports.insert(id, kind, format, name, AuditActor.currentName(), clock.instant());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bytes = 0;
        try {
            int seq = 0;
            byte[] buffer = new byte[ImportRepository.CHUNK];
            int n;
            while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
                byte[] piece = n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
                sha.update(piece);
                imports.insertChunk(id, seq++, piece);
                bytes += n;
            }
        } catch (IOException e) {
            imports.abandon(id);
            throw new UncheckedIOException(e); // too large: 413; the client went away: nobody to answer
        } catch (RuntimeException e) {
            imports.abandon(id);
            throw e;
        }
        if (bytes == 0) {
            imports.abandon(id);
            throw ImportException.invalid(
                    "body",
                    "The file is empty. Send it as the request body with its type, e.g. curl -H 'Content-Type:"
                            + " text/csv' --data-binary @customers.csv.");
        }
        long size = bytes;
        String digest = HexFormat.of().formatHex(sha.digest());
        ImportView queued = transactions.retrying(() -> {
            imports.received(id, kind, size, digest, clock.instant());
            audit.record("import.started", "import", id.toString(), null, Map.of("kind", kind.code(), "bytes", size));
            return imports.find(id).map(ImportRepository.Job::view).orElseThrow();
        });
        nudge();
        return queued;
    }

    /**
     * The format of a file: the one asked for, else the one its content type or its name says ({@code csv} or
     * {@code jsonl}); for the API and the console alike.
     */
    public static String format(@Nullable String format, @Nullable String contentType, @Nullable String fileName) {
        if (format != null) {
            return format.strip().toLowerCase(Locale.ROOT);
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv") || name.endsWith(".csv")) {
            return "csv";
        }
        if (type.contains("ndjson")
                || type.contains("jsonl")
                || type.contains("json-seq")
                || name.endsWith(".jsonl")
                || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        throw new InvalidValueException(
                "format",
                "Say what the file is: Content-Type text/csv or application/x-ndjson, or ?format=csv or"
                        + " ?format=jsonl.");
    }

    /** Imports, newest first. */
    @Transactional(readOnly = true)
    public Page<ImportView> list(@Nullable String cursor, int limit) {
        Cursor before = Cursor.parse(cursor, 2);
        int size = Math.clamp(limit, 1, 100);
        return Page.of(
                imports.page(
                        before == null ? null : before.instant(0), before == null ? null : before.uuid(1), size + 1),
                size,
                v -> Cursor.of(v.createdAt(), v.id()));
    }

    @Transactional(readOnly = true)
    public ImportView view(UUID id) {
        return imports.find(id).map(ImportRepository.Job::view).orElseThrow(() -> ImportException.unknown(id));
    }

    /** The rows an import refused, by line; the cursor is the last line of the page before. */
    @Transactional(readOnly = true)
    public Page<ImportRejectView> rejects(UUID id, @Nullable String cursor, int limit) {
        view(id);
        Cursor after = Cursor.parse(cursor, 1);
        int size = Math.clamp(limit, 1, 1000);
        long afterLine = after == null ? 0 : after.number(0);
        return Page.of(imports.rejects(id, afterLine, size + 1), size, r -> Cursor.of(r.line()));
    }

    /** Stops an import after the batch it is writing; every batch before stays in. It can be resumed. */
    @Transactional
    public ImportView cancel(UUID id) {
        ImportView current = view(id);
        if (imports.cancel(id, clock.instant()).isEmpty()) {
            throw ImportException.notRunning(id, current.status());
        }
        audit.record("import.cancelled", "import", id.toString(), null, null);
        return view(id);
    }

    /** Queues a cancelled or failed import again: it goes on after its last committed batch. */
    @Transactional
    public ImportView resume(UUID id) {
        ImportView current = view(id);
        mayImport(current.kind());
        if (!current.status().busy() && current.status() != ImportStatus.COMPLETED && !imports.hasFile(id)) {
            throw ImportException.fileGone(id);
        }
        if (!imports.resume(id, clock.instant())) {
            throw ImportException.notStopped(id, current.status());
        }
        audit.record("import.resumed", "import", id.toString(), null, null);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                nudge();
            }
        });
        return view(id);
    }

    /** Forgets an import that is not running: its stored file, counts and rejected rows (the data it brought stays). */
    @Transactional
    public void delete(UUID id) {
        view(id);
        if (!imports.delete(id)) {
            throw ImportException.running(id);
        }
        audit.record("import.deleted", "import", id.toString(), null, null);
    }

    /**
     * Products and stock are written through the catalogue's and inventory's services with the import's authority:
     * whoever brings them in must hold those permissions too, not only {@code imports:run} (a token scoped to imports
     * must not change prices).
     */
    private static void mayImport(ImportKind kind) {
        String needed = switch (kind) {
            case PRODUCTS -> "catalog:manage";
            case STOCK -> "inventory:manage";
            default -> null;
        };
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        if (needed != null
                && (authentication == null
                        || authentication.getAuthorities().stream().noneMatch(a -> needed.equals(a.getAuthority())))) {
            throw ImportException.forbidden(kind, needed);
        }
    }

    /** Asks the imports job to run now rather than at its next turn. */
    private void nudge() {
        SchedulerClient client = scheduler.getIfAvailable();
        if (client == null) {
            return;
        }
        try {
            client.reschedule(TaskInstanceId.of(JOB, RecurringTask.INSTANCE), clock.instant());
        } catch (RuntimeException e) {
            log.debug("The imports job could not be nudged; it runs at its next turn", e);
        }
    }
}
