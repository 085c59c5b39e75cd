package org.oneplace.integration.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.ImportKind;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.integration.ImportStatus;
import org.oneplace.platform.DatabaseErrors;
import org.oneplace.platform.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works imports through, one at a time, oldest first: reads the stored file as a stream and writes it in batches (see
 * the {@link ImportWriter} of each kind), each batch in one transaction together with the job's progress, so a
 * cancelled or crashed import goes on after its last committed batch (the records before it are read again, not
 * written again). Runs from a db-scheduler job: one node at a time, and a node that dies mid-import is replaced within
 * seconds by another that resumes.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    /** Rows per transaction (an order's lines are never split, so a batch can be a little larger). */
    static final int BATCH = 500;

    /** The most rows one record (an order's lines) may take. */
    static final int MAX_RECORD_ROWS = 10_000;

    private final ImportRepository imports;
    private final Map<ImportKind, ImportWriter> writers = new EnumMap<>(ImportKind.class);
    private final Transactions transactions;
    private final JsonMapper json;
    private final Clock clock;

    ImportRunner(
            ImportRepository imports,
            CustomerImport customers,
            OrderImport orders,
            CatalogRowImport.Products products,
            CatalogRowImport.Stock stock,
            Transactions transactions,
            JsonMapper json,
            Clock clock) {
        this.imports = imports;
        this.writers.put(ImportKind.CUSTOMERS, customers);
        this.writers.put(ImportKind.ORDERS, orders);
        this.writers.put(ImportKind.PRODUCTS, products);
        this.writers.put(ImportKind.STOCK, stock);
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** Runs every import waiting, oldest first, until none is left. */
    public void run() {
        Optional<UUID> next;
        while ((next = imports.nextToRun()).isPresent()) {
            if (!run(next.get())) {
                return; // another worker has it
            }
        }
    }

    /**
     * Works one import to its end or until cancelled, acting as the import ({@link ImportAuthority}); answers false when
     * another worker took it over.
     */
    boolean run(UUID id) {
        ImportRepository.Job job = imports.find(id).orElse(null);
        if (job == null || !imports.running(id, clock.instant())) {
            return true; // deleted or cancelled meanwhile
        }
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(ImportAuthority.of(job));
        SecurityContextHolder.setContext(context);
        try {
            return work(id, job);
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    private boolean work(UUID id, ImportRepository.Job job) {
        if (job.cancelRequested()) {
            imports.finish(id, ImportStatus.CANCELLED, null, clock.instant());
            return true;
        }
        ImportWriter writer = writers.get(job.view().kind());
        boolean csv = job.view().format().equals("csv");
        long position = job.position();
        Counting counting = new Counting(new Chunks(imports, id));
        try (ImportFile file = ImportFile.open(job.view().format(), counting, json)) {
            if (csv) {
                writer.checkHeader(file.columns());
            }
            for (long skipped = 0; skipped < position && file.next() != null; skipped++) {
                // committed by an earlier run
            }
            ImportFile.Row ahead = file.next();
            while (true) {
                long started = System.nanoTime();
                List<ImportFile.Row> batch = new ArrayList<>(BATCH);
                ImportFile.Unreadable unreadable = null;
                try {
                    while (ahead != null
                            && (batch.size() < BATCH || (csv && writer.continues(batch.getLast(), ahead)))) {
                        if (batch.size() >= BATCH + MAX_RECORD_ROWS) {
                            throw new ImportFile.Unreadable("Line " + ahead.line() + ": a record (an order) goes on for"
                                    + " more than " + MAX_RECORD_ROWS + " rows.");
                        }
                        batch.add(ahead);
                        ahead = file.next();
                    }
                } catch (ImportFile.Unreadable e) {
                    unreadable = e; // the rows before it still go in
                    ahead = null;
                }
                if (unreadable != null && csv && writer.groupsRows() && !batch.isEmpty()) {
                    // the last record (an order) may go on past the unreadable point or the cap: left out whole
                    batch.removeAll(records(writer, job, batch).getLast());
                }
                if (batch.isEmpty() && unreadable != null) {
                    throw unreadable;
                }
                if (batch.isEmpty()) {
                    imports.finish(id, ImportStatus.COMPLETED, null, clock.instant());
                    log.info("Import {} completed: {} rows", id, position);
                    return true;
                }
                ImportStatus status = write(writer, job, position, batch, counting.count, started);
                position += batch.size();
                if (status != ImportStatus.RUNNING) {
                    log.info("Import {} {} after {} rows", id, status.code(), position);
                    return true;
                }
                if (unreadable != null) {
                    throw unreadable;
                }
            }
        } catch (ImportRepository.Superseded e) {
            log.warn("Import {} was moved on by another worker or stopped; this one stops", id);
            return false;
        } catch (ImportFile.Unreadable e) {
            imports.finish(id, ImportStatus.FAILED, e.getMessage(), clock.instant());
            return true;
        } catch (RuntimeException e) {
            if (away(e)) {
                throw e; // the database is away: the job runs again and the import goes on where it was
            }
            log.error("Import {} failed", id, e);
            imports.finish(
                    id,
                    ImportStatus.FAILED,
                    "The import stopped after " + position + " rows: " + e + ". Resume it once that is fixed.",
                    clock.instant());
            return true;
        } catch (IOException | Error e) {
            // an Error (out of memory) is noted, so that the import does not stop every later one by failing again
            log.error("Import {} failed", id, e);
            imports.finish(
                    id, ImportStatus.FAILED, "The import stopped after " + position + " rows: " + e, clock.instant());
            return true;
        }
    }

    /** Whether a failure is the database being away or overloaded, not a row at fault: retried, never rejected. */
    private static boolean away(RuntimeException e) {
        return DatabaseErrors.connectionLost(e)
                || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException
                || e instanceof TransientDataAccessException;
    }

    /**
     * Writes a batch with its progress in one transaction and answers the import's status then. A batch that fails for
     * a reason of one of its rows is written again record by record, each in its own transaction, and the record at
     * fault is rejected with the reason.
     */
    private ImportStatus write(
            ImportWriter writer,
            ImportRepository.Job job,
            long from,
            List<ImportFile.Row> batch,
            long bytesRead,
            long t0) {
        try {
            return transactions.retrying(() -> writeBatch(writer, job, from, batch, bytesRead, t0));
        } catch (ImportRepository.Superseded e) {
            throw e;
        } catch (RuntimeException e) {
            if (away(e)) {
                throw e;
            }
            if (records(writer, job, batch).size() == 1) {
                return rejectAll(job, from, batch, bytesRead, e);
            }
            log.debug(
                    "Import {}: a batch failed, writing it record by record",
                    job.view().id(),
                    e);
        }
        ImportStatus status = ImportStatus.RUNNING;
        long position = from;
        for (List<ImportFile.Row> record : records(writer, job, batch)) {
            long at = position;
            try {
                status = transactions.retrying(() -> writeBatch(writer, job, at, record, bytesRead, System.nanoTime()));
            } catch (ImportRepository.Superseded e) {
                throw e;
            } catch (RuntimeException e) {
                if (away(e)) {
                    throw e;
                }
                status = rejectAll(job, at, record, bytesRead, e);
            }
            position += record.size();
            if (status != ImportStatus.RUNNING) {
                break; // cancelled: the rest of the batch waits for a resume
            }
        }
        return status;
    }

    /** The batch cut into records: rows that continue the one before (an order's lines in CSV) stay with it. */
    private static List<List<ImportFile.Row>> records(
            ImportWriter writer, ImportRepository.Job job, List<ImportFile.Row> batch) {
        boolean csv = job.view().format().equals("csv");
        List<List<ImportFile.Row>> records = new ArrayList<>();
        for (ImportFile.Row row : batch) {
            if (records.isEmpty() || !(csv && writer.continues(records.getLast().getLast(), row))) {
                records.add(new ArrayList<>());
            }
            records.getLast().add(row);
        }
        return records;
    }

    private ImportStatus rejectAll(
            ImportRepository.Job job, long from, List<ImportFile.Row> rows, long bytesRead, RuntimeException e) {
        log.warn(
                "Import {}: line {} could not be written",
                job.view().id(),
                rows.getFirst().line(),
                e);
        String why = e instanceof DataAccessException d
                ? DatabaseErrors.contentRefused(d).orElse("it could not be stored")
                : e.getMessage();
        return transactions.retrying(() -> {
            imports.lockForBatch(job.view().id(), from);
            imports.reject(
                    job.view().id(),
                    List.of(new ImportRejectView(
                            rows.getFirst().line(), null, "The row could not be written: " + why)));
            return imports.advance(
                            job.view().id(),
                            from,
                            new ImportRepository.Progress(rows.size(), bytesRead, 0, rows.size(), 0, 0, 0, 0, 0, 0),
                            clock.instant())
                    .orElseThrow(
                            () -> new ImportRepository.Superseded(job.view().id()));
        });
    }

    private ImportStatus writeBatch(
            ImportWriter writer,
            ImportRepository.Job job,
            long from,
            List<ImportFile.Row> batch,
            long bytesRead,
            long t0) {
        imports.lockForBatch(job.view().id(), from);
        ImportWriter.Written written = writer.write(job, batch);
        imports.reject(job.view().id(), written.rejects());
        return imports.advance(
                        job.view().id(),
                        from,
                        new ImportRepository.Progress(
                                batch.size(),
                                bytesRead,
                                written.written(),
                                batch.size() - written.written(),
                                written.customersCreated(),
                                written.customersMerged(),
                                written.conflicts(),
                                written.consents(),
                                written.ordersCreated(),
                                (System.nanoTime() - t0) / 1_000_000),
                        clock.instant())
                .orElseThrow(() -> new ImportRepository.Superseded(job.view().id()));
    }

    /** The stored file, piece by piece. */
    private static final class Chunks extends InputStream {
        private final ImportRepository imports;
        private final UUID id;
        private int seq;
        private byte @Nullable [] current = new byte[0];
        private int offset;

        Chunks(ImportRepository imports, UUID id) {
            this.imports = imports;
            this.id = id;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            while (current != null && offset >= current.length) {
                current = imports.chunk(id, seq++);
                offset = 0;
            }
            if (current == null) {
                return -1;
            }
            int n = Math.min(len, current.length - offset);
            System.arraycopy(current, offset, buffer, off, n);
            offset += n;
            return n;
        }
    }

    /** Counts the bytes read through it, for the progress bar. */
    private static final class Counting extends InputStream {
        private final InputStream in;
        long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
