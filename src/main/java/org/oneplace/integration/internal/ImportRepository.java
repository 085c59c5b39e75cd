package org.oneplace.integration.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.ImportKind;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.integration.ImportStatus;
import org.oneplace.integration.ImportView;
import org.oneplace.platform.StorableText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code import_job}, its file ({@code import_chunk}) and its rejected rows ({@code import_reject}). */
@Repository
public class ImportRepository {

    /** The size of one stored piece of an uploaded file. */
    public static final int CHUNK = 1 << 20;

    private final JdbcClient jdbc;

    ImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a batch did, added to the job's counts as the batch commits. */
    public record Progress(
            long rows,
            long bytesRead,
            long written,
            long rejected,
            long created,
            long merged,
            long conflicts,
            long consents,
            long orders,
            long busyMillis) {}

    /** An import as stored. */
    public record Job(ImportView view, long position, boolean cancelRequested, Instant datedAt) {}

    /** Thrown inside a batch's transaction when the import is no longer where this worker left it: rolls it back. */
    public static final class Superseded extends RuntimeException {
        Superseded(UUID id) {
            super("import " + id + " was moved on by another worker or stopped", null, false, false);
        }
    }

    public void insert(UUID id, ImportKind kind, String format, @Nullable String fileName, String by, Instant at) {
        jdbc.sql("""
                        insert into import_job (id, kind, format, status, file_name, bytes, sha256, dated_at,
                                                created_by, created_at, updated_at)
                        values (:id, :kind, :format, 'receiving', :fileName, 0, '', :at, :by, :at, :at)
                        """)
                .param("id", id)
                .param("kind", kind.code())
                .param("format", format)
                .param("fileName", fileName)
                .param("by", by)
                .param("at", utc(at))
                .update();
    }

    /** Stores a piece of the file; the import's {@code updated_at} shows the upload is alive (see purgeAbandoned). */
    public void insertChunk(UUID id, int seq, byte[] data) {
        jdbc.sql("""
                        with piece as (insert into import_chunk (import_id, seq, data) values (:id, :seq, :data))
                        update import_job set updated_at = now() where id = :id
                        """).param("id", id).param("seq", seq).param("data", data).update();
    }

    /** The piece {@code seq} of the file, or null past its end (or once the import completed). */
    public byte @Nullable [] chunk(UUID id, int seq) {
        return jdbc.sql("select data from import_chunk where import_id = :id and seq = :seq")
                .param("id", id)
                .param("seq", seq)
                .query(byte[].class)
                .optional()
                .orElse(null);
    }

    /**
     * Records the whole file's size and digest and queues the import. Its rows are dated like those of the first
     * import of the same file ({@code import_file}, kept when imports are deleted), so that bringing it in again
     * changes nothing.
     */
    public void received(UUID id, ImportKind kind, long bytes, String sha256, Instant at) {
        jdbc.sql("""
                        insert into import_file (kind, sha256, dated_at) values (:kind, :sha, :at)
                        on conflict (kind, sha256) do nothing
                        """)
                .param("kind", kind.code())
                .param("sha", sha256)
                .param("at", utc(at))
                .update();
        jdbc.sql("""
                        update import_job
                           set bytes = :bytes, sha256 = :sha, status = 'queued', updated_at = :at,
                               dated_at = (select dated_at from import_file where kind = :kind and sha256 = :sha)
                         where id = :id and status = 'receiving'
                        """)
                .param("id", id)
                .param("kind", kind.code())
                .param("bytes", bytes)
                .param("sha", sha256)
                .param("at", utc(at))
                .update();
    }

    /** Forgets an upload that did not finish (the client went away, or the node stopped while receiving). */
    public void abandon(UUID id) {
        jdbc.sql("delete from import_job where id = :id and status = 'receiving'")
                .param("id", id)
                .update();
    }

    /**
     * Deletes the stored files of imports stopped (cancelled or failed) since before {@code before}: a file holds
     * personal data and is kept only while someone may still resume it. Such an import is failed for good.
     */
    public int forgetStoppedFiles(Instant before, Instant at) {
        return jdbc.sql("""
                        with stopped as (
                            update import_job
                               set status = 'failed', finished_at = coalesce(finished_at, :at), updated_at = :at,
                                   error = coalesce(error || ' ', '') || 'Its file was deleted after the import had'
                                           || ' stopped for a week; bring the file in again to finish it.'
                             where status in ('cancelled', 'failed') and updated_at < :before
                               and exists (select 1 from import_chunk c where c.import_id = import_job.id)
                            returning id)
                        delete from import_chunk where import_id in (select id from stopped)
                        """).param("before", utc(before)).param("at", utc(at)).update();
    }

    /** Whether the import's file is still stored (it is deleted when the import completes or stopped long ago). */
    public boolean hasFile(UUID id) {
        return jdbc.sql("select exists (select 1 from import_chunk where import_id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    /** Forgets uploads still receiving since before {@code before}: their node stopped mid-upload. */
    public int purgeAbandoned(Instant before) {
        return jdbc.sql("delete from import_job where status = 'receiving' and updated_at < :before")
                .param("before", utc(before))
                .update();
    }

    public Optional<Job> find(UUID id) {
        return jdbc.sql("select * from import_job where id = :id")
                .param("id", id)
                .query(ImportRepository::job)
                .optional();
    }

    /** Imports, newest first, after a position ({@code createdAt}, {@code id}). */
    public List<ImportView> page(@Nullable Instant beforeAt, @Nullable UUID beforeId, int limit) {
        return jdbc.sql("""
                        select * from import_job
                         where cast(:beforeAt as timestamptz) is null
                            or (created_at, id) < (:beforeAt, cast(:beforeId as uuid))
                         order by created_at desc, id desc
                         limit :limit
                        """)
                .param("beforeAt", beforeAt == null ? null : utc(beforeAt))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query((rs, n) -> job(rs, n).view())
                .list();
    }

    public List<ImportRejectView> rejects(UUID id, long afterLine, int limit) {
        return jdbc.sql("""
                        select line, field, reason from import_reject
                         where import_id = :id and line > :after order by line limit :limit
                        """)
                .param("id", id)
                .param("after", afterLine)
                .param("limit", limit)
                .query((rs, n) ->
                        new ImportRejectView(rs.getLong("line"), rs.getString("field"), rs.getString("reason")))
                .list();
    }

    /** The oldest import waiting or interrupted: imports run one at a time, oldest first. */
    public Optional<UUID> nextToRun() {
        return jdbc.sql("""
                        select id from import_job where status in ('queued', 'running')
                         order by created_at, id limit 1
                        """).query(UUID.class).optional();
    }

    /** Takes a queued import (or one a stopped worker left running) on; false when it is neither any more. */
    public boolean running(UUID id, Instant at) {
        return jdbc.sql("""
                        update import_job set status = 'running', started_at = coalesce(started_at, :at), updated_at = :at
                         where id = :id and status in ('queued', 'running')
                        """).param("id", id).param("at", utc(at)).update() == 1;
    }

    /**
     * Locks the import for a batch's transaction and checks it is still running at {@code from}; throws
     * {@link Superseded} otherwise, so that nothing the batch wrote commits.
     */
    public void lockForBatch(UUID id, long from) {
        boolean ours = jdbc.sql("""
                        select position = :from and status = 'running' from import_job where id = :id for update
                        """)
                .param("id", id)
                .param("from", from)
                .query(Boolean.class)
                .optional()
                .orElse(false);
        if (!ours) {
            throw new Superseded(id);
        }
    }

    /**
     * Adds a batch's progress, in the batch's transaction, if the import is still where this worker left it; answers
     * the status then (cancelled when someone asked), or empty when another worker moved it on meanwhile.
     */
    public Optional<ImportStatus> advance(UUID id, long from, Progress p, Instant at) {
        return jdbc.sql("""
                        update import_job
                           set position = position + :rows, bytes_read = :bytesRead,
                               rows_written = rows_written + :written, rows_rejected = rows_rejected + :rejected,
                               customers_created = customers_created + :created,
                               customers_merged = customers_merged + :merged, conflicts = conflicts + :conflicts,
                               consents_recorded = consents_recorded + :consents,
                               orders_created = orders_created + :orders,
                               busy_millis = busy_millis + :busy, updated_at = :at,
                               status = case when cancel_requested then 'cancelled' else status end
                         where id = :id and position = :from and status = 'running'
                        returning status
                        """)
                .param("id", id)
                .param("from", from)
                .param("rows", p.rows())
                .param("bytesRead", p.bytesRead())
                .param("written", p.written())
                .param("rejected", p.rejected())
                .param("created", p.created())
                .param("merged", p.merged())
                .param("conflicts", p.conflicts())
                .param("consents", p.consents())
                .param("orders", p.orders())
                .param("busy", p.busyMillis())
                .param("at", utc(at))
                .query(String.class)
                .optional()
                .map(ImportStatus::parse);
    }

    public void reject(UUID id, List<ImportRejectView> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into import_reject (import_id, line, field, reason)
                        select :id, line, field, reason
                          from unnest(cast(:lines as bigint[]), cast(:fields as text[]), cast(:reasons as text[]))
                               as r(line, field, reason)
                        on conflict do nothing
                        """)
                .param("id", id)
                .param("lines", rejects.stream().map(ImportRejectView::line).toArray(Long[]::new))
                .param(
                        "fields",
                        rejects.stream()
                                .map(r -> r.field() == null ? null : StorableText.repaired(r.field()))
                                .toArray(String[]::new))
                .param(
                        "reasons",
                        rejects.stream()
                                .map(r -> StorableText.repaired(r.reason()))
                                .toArray(String[]::new))
                .update();
    }

    /**
     * Ends a running import: completed (its file is no longer kept), failed with the reason, or cancelled. Does nothing
     * when it is not running (another worker ended it, or someone cancelled it).
     */
    public void finish(UUID id, ImportStatus status, @Nullable String error, Instant at) {
        int ended = jdbc.sql("""
                        update import_job set status = :status, error = :error, finished_at = :at, updated_at = :at,
                                              cancel_requested = false,
                                              bytes_read = case when :status = 'completed' then bytes else bytes_read end
                         where id = :id and status = 'running'
                        """)
                .param("id", id)
                .param("status", status.code())
                .param("error", error == null ? null : StorableText.repaired(error))
                .param("at", utc(at))
                .update();
        if (ended == 1 && status == ImportStatus.COMPLETED) {
            jdbc.sql("delete from import_chunk where import_id = :id")
                    .param("id", id)
                    .update();
        }
    }

    /** Asks a running import to stop after its batch; a queued one stops at once. Answers the status then. */
    public Optional<ImportStatus> cancel(UUID id, Instant at) {
        return jdbc.sql("""
                        update import_job
                           set cancel_requested = (status = 'running'),
                               status = case when status = 'queued' then 'cancelled' else status end,
                               updated_at = :at
                         where id = :id and status in ('queued', 'running')
                        returning status
                        """)
                .param("id", id)
                .param("at", utc(at))
                .query(String.class)
                .optional()
                .map(ImportStatus::parse);
    }

    /** Queues a cancelled or failed import again; it goes on after its last committed batch. */
    public boolean resume(UUID id, Instant at) {
        return jdbc.sql("""
                        update import_job set status = 'queued', cancel_requested = false, finished_at = null,
                                              error = null, updated_at = :at
                         where id = :id and status in ('cancelled', 'failed')
                        """).param("id", id).param("at", utc(at)).update() == 1;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from import_job where id = :id and status not in ('running', 'receiving')")
                        .param("id", id)
                        .update()
                == 1;
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        long position = rs.getLong("position");
        long busy = rs.getLong("busy_millis");
        long bytes = rs.getLong("bytes");
        long bytesRead = rs.getLong("bytes_read");
        ImportStatus status = ImportStatus.parse(rs.getString("status"));
        Double rate = busy > 0 ? position * 1000.0 / busy : null;
        Long eta = null;
        if (status == ImportStatus.RUNNING && busy > 0 && bytesRead > 0) {
            eta = Math.round((bytes - bytesRead) * (busy / 1000.0) / bytesRead);
        }
        ImportView view = new ImportView(
                rs.getObject("id", UUID.class),
                ImportKind.parse(rs.getString("kind")),
                rs.getString("format"),
                status,
                rs.getString("file_name"),
                bytes,
                rs.getString("sha256"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                optionalInstant(rs, "started_at"),
                optionalInstant(rs, "finished_at"),
                position,
                rs.getLong("rows_written"),
                rs.getLong("rows_rejected"),
                rs.getLong("customers_created"),
                rs.getLong("customers_merged"),
                rs.getLong("conflicts"),
                rs.getLong("consents_recorded"),
                rs.getLong("orders_created"),
                bytes == 0 ? 0 : Math.min(1.0, (double) bytesRead / bytes),
                rate,
                eta,
                rs.getString("error"));
        return new Job(view, position, rs.getBoolean("cancel_requested"), instant(rs, "dated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
