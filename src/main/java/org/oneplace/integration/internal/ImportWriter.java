package org.oneplace.integration.internal;

import java.util.List;
import org.oneplace.integration.ImportRejectView;

/** Writes the rows of one kind of import, a batch at a time, in the caller's transaction. */
interface ImportWriter {

    /** Checks a CSV file's columns; throws {@link ImportFile.Unreadable} naming the one at fault. */
    void checkHeader(List<String> columns);

    /** Whether a record can take several rows (an order's lines), see {@link #continues}. */
    default boolean groupsRows() {
        return false;
    }

    /** Whether the next row continues the record of the one before (an order's further lines): kept in one batch. */
    default boolean continues(ImportFile.Row previous, ImportFile.Row next) {
        return false;
    }

    /** Writes valid rows and answers what happened, with the rows refused. */
    Written write(ImportRepository.Job job, List<ImportFile.Row> rows);

    /** What a batch did. */
    record Written(
            long written,
            long customersCreated,
            long customersMerged,
            long conflicts,
            long consents,
            long ordersCreated,
            List<ImportRejectView> rejects) {}

    /** The reference a row leaves on what it made: the file and the line. */
    static String ref(ImportRepository.Job job, long line) {
        String file = job.view().fileName() == null
                ? "import " + job.view().id()
                : job.view().fileName();
        return file + " line " + line;
    }
}
