package org.oneplace.integration.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.StorableText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The rows of an import file, read as a stream (never the whole file in memory): CSV with a header line (RFC 4180,
 * values may be quoted and span lines) or JSON Lines (one object per line). Every row knows the line it starts on. A
 * row that cannot be taken (a line that is not JSON, more values than columns, text PostgreSQL cannot store) comes with
 * its problem; a file that cannot be read on (an unclosed quote, a record over {@link #MAX_RECORD}) throws
 * {@link Unreadable}.
 */
public abstract sealed class ImportFile implements Closeable {

    /** The longest JSON line read; a longer one is rejected without being held. */
    static final int MAX_LINE = 1 << 20;

    /**
     * The longest CSV record read (its values together); past it the file cannot be read on, as a quote that is never
     * closed would otherwise take the rest of the file into one value.
     */
    static final int MAX_RECORD = 1 << 20;

    /**
     * A row: its fields by name as the file spelled them, and why it cannot be taken when it cannot (then the fields
     * it could read are still there, so the row stays with the order it belongs to).
     */
    public record Row(
            long line,
            Map<String, JsonNode> fields,
            @Nullable String field,
            @Nullable String problem) {}

    /** The file cannot be read past this point. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    /** Opens a file of {@code csv} or {@code jsonl}; a UTF-8 byte order mark is skipped. */
    public static ImportFile open(String format, InputStream in, JsonMapper json) {
        InputStream body = withoutBom(in);
        return switch (format) {
            case "csv" -> new Csv(body);
            case "jsonl" -> new Jsonl(body, json);
            default -> throw new IllegalArgumentException("format " + format);
        };
    }

    /** The header's column names (empty for JSON Lines, whose rows name their own fields). */
    public abstract List<String> columns();

    /** The next row, or null at the end of the file. */
    public abstract @Nullable Row next();

    private static InputStream withoutBom(InputStream in) {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        try {
            buffered.mark(3);
            byte[] head = buffered.readNBytes(3);
            if (!(head.length == 3
                    && (head[0] & 0xFF) == 0xEF
                    && (head[1] & 0xFF) == 0xBB
                    && (head[2] & 0xFF) == 0xBF)) {
                buffered.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffered;
    }

    private static Reader utf8(InputStream in) {
        // a byte sequence that is not UTF-8 becomes U+FFFD: the row is kept, the bad bytes are visible in it
        return new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    private static final class Csv extends ImportFile {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final List<String> columns;
        private final Bounded reader;

        Csv(InputStream in) {
            this.reader = new Bounded(utf8(in));
            CSVFormat format = CSVFormat.RFC4180
                    .builder()
                    .setIgnoreEmptyLines(false)
                    .setAllowMissingColumnNames(true)
                    .get();
            try {
                this.parser =
                        CSVParser.builder().setReader(reader).setFormat(format).get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.records = parser.iterator();
            CSVRecord header = read();
            if (header == null) {
                throw new Unreadable("The file is empty: a CSV import starts with a header line naming its columns.");
            }
            List<String> names = new ArrayList<>();
            for (String name : header) {
                var problem = StorableText.problem(name);
                if (problem.isPresent()) {
                    throw new Unreadable("Line 1: a column name " + problem.get() + ".");
                }
                names.add(name.strip());
            }
            this.columns = List.copyOf(names);
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public @Nullable Row next() {
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record = read();
                if (record == null) {
                    return null;
                }
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue; // an empty line
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                String field = null;
                String problem = null;
                for (int i = 0; i < Math.min(record.size(), columns.size()); i++) {
                    String value = record.get(i);
                    if (value.isEmpty()) {
                        continue;
                    }
                    var unstorable = StorableText.problem(value);
                    if (unstorable.isPresent()) {
                        if (problem == null) {
                            field = columns.get(i);
                            problem = "The value " + unstorable.get() + ".";
                        }
                        continue;
                    }
                    fields.put(columns.get(i), JsonNodeFactory.instance.stringNode(value));
                }
                if (record.size() > columns.size()) {
                    field = null;
                    problem = "The row has " + record.size() + " values but the header names " + columns.size()
                            + " columns; a value with a comma in it must be in double quotes.";
                }
                return new Row(line, fields, field, problem);
            }
        }

        private @Nullable CSVRecord read() {
            long line = parser.getCurrentLineNumber() + 1;
            reader.startRecord();
            try {
                return records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException | IllegalStateException e) {
                String why = e.getCause() instanceof TooLong
                        ? "a record is longer than " + MAX_RECORD + " characters"
                        : String.valueOf(e.getMessage());
                throw new Unreadable("The file cannot be read on from line " + line + ": " + why
                        + ". Check the double quotes there: a quoted value must end with a quote.");
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private static final class Jsonl extends ImportFile {
        private final InputStream in;
        private final JsonMapper json;
        private long line;

        Jsonl(InputStream in, JsonMapper json) {
            this.in = in;
            this.json = json;
        }

        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public @Nullable Row next() {
            while (true) {
                byte[] bytes;
                boolean tooLong;
                try {
                    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
                    int b;
                    long length = 0;
                    while ((b = in.read()) >= 0 && b != '\n') {
                        if (length++ < MAX_LINE) {
                            buffer.write(b);
                        }
                    }
                    if (b < 0 && length == 0) {
                        return null;
                    }
                    bytes = buffer.toByteArray();
                    tooLong = length > MAX_LINE;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                line++;
                if (tooLong) {
                    return refused(line, null, "The line is longer than " + MAX_LINE + " bytes.");
                }
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    continue;
                }
                var unstorable = StorableText.firstUnstorable(bytes);
                if (unstorable.isPresent()) {
                    return refused(
                            line,
                            unstorable.get().pointer(),
                            "The value " + unstorable.get().problem() + ".");
                }
                JsonNode node;
                try {
                    node = json.readTree(text);
                } catch (JacksonException e) {
                    return refused(line, null, "The line is not JSON: " + e.getOriginalMessage() + ".");
                }
                if (node == null || !node.isObject()) {
                    return refused(line, null, "Each line must be one JSON object, like {\"email\": \"…\"}.");
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
                return new Row(line, fields, null, null);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Row refused(long line, @Nullable String field, String problem) {
        return new Row(line, Map.of(), field, problem);
    }

    private static final class TooLong extends IOException {
        TooLong() {
            super("record too long");
        }
    }

    /** Counts what the CSV parser reads since the start of a record, and refuses to read past {@link #MAX_RECORD}. */
    private static final class Bounded extends FilterReader {
        /** What the parser may have read ahead of the record it returned (its buffer). */
        private static final int SLACK = 64 * 1024;

        private long read;

        Bounded(Reader in) {
            super(in);
        }

        void startRecord() {
            read = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws TooLong {
            read += n;
            if (read > MAX_RECORD + SLACK) {
                throw new TooLong();
            }
        }
    }
}
