package org.oneplace.integration.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.consent.ConsentService;
import org.oneplace.customer.Customers;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.integration.ImportStatus;
import org.oneplace.platform.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works imports through, one at a time, oldest first: reads the stored file as a stream and writes it in batches, each
 * batch in one transaction together with the job's progress, so a cancelled or crashed import goes on after its last
 * committed batch (the records before it are read again, not written again). Runs from a db-scheduler job: one node
 * at a time, and a node that dies mid-import is replaced within seconds by another that resumes.
 *
 * <p>Customer rows are resolved exactly as live traffic is, set-based ({@link Customers#resolveAll}): identifiers
 * nobody holds make new customers in one statement, rows showing that two customers are one person merge them, and
 * conflicting user ids are recorded as conflicts, not merged. Traits are written last-write-wins at the row's
 * {@code updatedAt} (else {@code createdAt}, else the time this file was first imported) and consents are recorded
 * once, so importing the same file again changes nothing.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    /** Rows per transaction. */
    static final int BATCH = 500;

    private final ImportRepository imports;
    private final Customers customers;
    private final ConsentService consents;
    private final Transactions transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final CustomerRows customerRows;

    ImportRunner(
            ImportRepository imports,
            Customers customers,
            ConsentService consents,
            Transactions transactions,
            JsonMapper json,
            Clock clock) {
        this.imports = imports;
        this.customers = customers;
        this.consents = consents;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.customerRows = new CustomerRows(customers, json, clock);
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

    /** Works one import to its end or until cancelled; answers false when another worker took it over. */
    boolean run(UUID id) {
        ImportRepository.Job job = imports.find(id).orElse(null);
        if (job == null) {
            return true;
        }
        if (job.cancelRequested()) {
            imports.finish(id, ImportStatus.CANCELLED, null, clock.instant());
            return true;
        }
        imports.running(id, clock.instant());
        long position = job.position();
        long skipped = 0;
        Counting counting = new Counting(new Chunks(imports, id));
        try (ImportFile file = ImportFile.open(job.view().format(), counting, json)) {
            CustomerRows.checkHeader(file.columns().isEmpty() ? List.of("identifiers") : file.columns());
            while (skipped < position && file.next() != null) {
                skipped++; // committed by an earlier run
            }
            while (true) {
                long started = System.nanoTime();
                List<ImportFile.Row> batch = new ArrayList<>(BATCH);
                ImportFile.Row row;
                while (batch.size() < BATCH && (row = file.next()) != null) {
                    batch.add(row);
                }
                if (batch.isEmpty()) {
                    imports.finish(id, ImportStatus.COMPLETED, null, clock.instant());
                    log.info("Import {} completed: {} rows", id, position);
                    return true;
                }
                long nextLine = batch.getLast().line() + 1;
                Optional<ImportStatus> status = write(job, position, batch, nextLine, counting.count, started);
                if (status.isEmpty()) {
                    log.warn("Import {} was moved on by another worker; this one stops", id);
                    return false;
                }
                position += batch.size();
                if (status.get() == ImportStatus.CANCELLED) {
                    log.info("Import {} cancelled after {} rows", id, position);
                    return true;
                }
            }
        } catch (ImportFile.Unreadable e) {
            imports.finish(id, ImportStatus.FAILED, e.getMessage(), clock.instant());
            return true;
        } catch (DataAccessException e) {
            throw e; // the database is away: the job runs again and the import goes on where it was
        } catch (IOException | RuntimeException e) {
            log.error("Import {} failed", id, e);
            imports.finish(
                    id, ImportStatus.FAILED, "The import stopped after " + position + " rows: " + e, clock.instant());
            return true;
        }
    }

    /**
     * Writes a batch with its progress in one transaction. A batch that fails for a reason of one of its rows is
     * written again row by row, each in its own transaction, and the row at fault is rejected with the reason.
     */
    private Optional<ImportStatus> write(
            ImportRepository.Job job, long from, List<ImportFile.Row> batch, long nextLine, long bytesRead, long t0) {
        try {
            return transactions.retrying(() -> writeBatch(job, from, batch, nextLine, bytesRead, t0));
        } catch (DataAccessResourceFailureException e) {
            throw e; // the database is away, not a row at fault
        } catch (RuntimeException e) {
            log.debug(
                    "Import {}: a batch failed, writing it row by row",
                    job.view().id(),
                    e);
        }
        Optional<ImportStatus> status = Optional.empty();
        long position = from;
        for (int i = 0; i < batch.size(); i++) {
            ImportFile.Row row = batch.get(i);
            long line = i + 1 < batch.size() ? batch.get(i + 1).line() : nextLine;
            long at = position;
            try {
                status = transactions.retrying(
                        () -> writeBatch(job, at, List.of(row), line, bytesRead, System.nanoTime()));
            } catch (DataAccessResourceFailureException e) {
                throw e;
            } catch (RuntimeException e) {
                long rowPosition = position;
                String why = e instanceof DataAccessException d
                        ? d.getMostSpecificCause().getMessage()
                        : e.getMessage();
                status = transactions.retrying(() -> {
                    imports.reject(
                            job.view().id(),
                            List.of(new ImportRejectView(row.line(), null, "The row could not be written: " + why)));
                    return imports.advance(
                            job.view().id(),
                            rowPosition,
                            progress(1, line, bytesRead, 0, 1, List.of(), 0, System.nanoTime()),
                            clock.instant());
                });
            }
            if (status.isEmpty()) {
                return status;
            }
            position++;
        }
        return status;
    }

    private Optional<ImportStatus> writeBatch(
            ImportRepository.Job job, long from, List<ImportFile.Row> batch, long nextLine, long bytesRead, long t0) {
        UUID id = job.view().id();
        List<ImportRejectView> rejects = new ArrayList<>();
        List<CustomerRows.Customer> rows = new ArrayList<>();
        for (ImportFile.Row row : batch) {
            if (row.problem() != null) {
                rejects.add(new ImportRejectView(row.line(), row.field(), row.problem()));
                continue;
            }
            try {
                rows.add(customerRows.read(row));
            } catch (CustomerRows.Refused e) {
                rejects.add(new ImportRejectView(row.line(), e.field, e.getMessage()));
            }
        }
        Instant dated = job.datedAt();
        String source = "import";
        List<Resolution> resolutions = customers.resolveAll(rows.stream()
                .map(r -> new ResolveIdentity(
                        r.identifiers(), source, ref(job, r.line()), r.createdAt() == null ? dated : r.createdAt()))
                .toList());
        List<Customers.TraitWrite> traits = new ArrayList<>();
        List<ConsentService.Entry> choices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CustomerRows.Customer row = rows.get(i);
            UUID customer = resolutions.get(i).customerId();
            Instant at = row.updatedAt() != null ? row.updatedAt() : row.createdAt() != null ? row.createdAt() : dated;
            if (!row.traits().isEmpty()) {
                traits.add(new Customers.TraitWrite(customer, row.traits(), at, source));
            }
            for (var choice : row.consents()) {
                choices.add(new ConsentService.Entry(
                        customer,
                        new org.oneplace.consent.SetConsent(
                                choice.channel(),
                                choice.purpose(),
                                choice.status(),
                                choice.source() == null ? source : choice.source(),
                                choice.evidence() == null ? ref(job, row.line()) : choice.evidence(),
                                choice.at() == null ? at : choice.at())));
            }
        }
        customers.recordTraits(traits);
        int recorded = consents.recordAll(choices, "import " + id);
        imports.reject(id, rejects);
        return imports.advance(
                id,
                from,
                progress(batch.size(), nextLine, bytesRead, rows.size(), rejects.size(), resolutions, recorded, t0),
                clock.instant());
    }

    private static ImportRepository.Progress progress(
            long rows,
            long nextLine,
            long bytesRead,
            long written,
            long rejected,
            List<Resolution> resolutions,
            long consents,
            long t0) {
        return new ImportRepository.Progress(
                rows,
                nextLine,
                bytesRead,
                written,
                rejected,
                resolutions.stream().filter(Resolution::created).count(),
                resolutions.stream().mapToLong(r -> r.mergedIds().size()).sum(),
                resolutions.stream().mapToLong(r -> r.conflicts().size()).sum(),
                consents,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static String ref(ImportRepository.Job job, long line) {
        String file = job.view().fileName() == null
                ? "import " + job.view().id()
                : job.view().fileName();
        return file + " line " + line;
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
