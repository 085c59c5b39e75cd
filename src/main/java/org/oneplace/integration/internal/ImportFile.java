package org.oneplace.integration.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
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
 * row that cannot be read (a line that is not JSON, more values than columns, text PostgreSQL cannot store) comes with
 * its problem instead of fields; a file that cannot be read on (an unclosed quote) throws {@link Unreadable}.
 */
public abstract sealed class ImportFile implements Closeable {

    /** The longest JSON line read; a longer one is rejected without being held. */
    static final int MAX_LINE = 1 << 20;

    /** A row: its fields by name as the file spelled them, or why it could not be read. */
    public record Row(
            long line,
            Map<String, JsonNode> fields,
            @Nullable String field,
            @Nullable String problem) {

        static Row refused(long line, @Nullable String field, String problem) {
            return new Row(line, Map.of(), field, problem);
        }
    }

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

        Csv(InputStream in) {
            CSVFormat format = CSVFormat.RFC4180
                    .builder()
                    .setIgnoreEmptyLines(false)
                    .setAllowMissingColumnNames(true)
                    .get();
            try {
                this.parser = CSVParser.builder()
                        .setReader(utf8(in))
                        .setFormat(format)
                        .get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.records = parser.iterator();
            CSVRecord header = read();
            if (header == null) {
                throw new Unreadable("The file is empty: a CSV import starts with a header line naming its columns.");
            }
            List<String> names = new ArrayList<>();
            header.forEach(name -> names.add(name.strip()));
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
                if (record.size() > columns.size()) {
                    return Row.refused(
                            line,
                            null,
                            "The row has " + record.size() + " values but the header names " + columns.size()
                                    + " columns; a value with a comma in it must be in double quotes.");
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (int i = 0; i < record.size(); i++) {
                    String value = record.get(i);
                    if (value.isEmpty()) {
                        continue;
                    }
                    var problem = StorableText.problem(value);
                    if (problem.isPresent()) {
                        return Row.refused(line, columns.get(i), "The value " + problem.get() + ".");
                    }
                    fields.put(columns.get(i), JsonNodeFactory.instance.stringNode(value));
                }
                return new Row(line, fields, null, null);
            }
        }

        private @Nullable CSVRecord read() {
            long line = parser.getCurrentLineNumber() + 1;
            try {
                return records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new Unreadable("The file cannot be read on from line " + line + ": " + e.getMessage()
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
                    return Row.refused(line, null, "The line is longer than " + MAX_LINE + " bytes.");
                }
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    continue;
                }
                var unstorable = StorableText.firstUnstorable(bytes);
                if (unstorable.isPresent()) {
                    return Row.refused(
                            line,
                            unstorable.get().pointer(),
                            "The value " + unstorable.get().problem() + ".");
                }
                JsonNode node;
                try {
                    node = json.readTree(text);
                } catch (JacksonException e) {
                    return Row.refused(line, null, "The line is not JSON: " + e.getOriginalMessage() + ".");
                }
                if (node == null || !node.isObject()) {
                    return Row.refused(line, null, "Each line must be one JSON object, like {\"email\": \"…\"}.");
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
}
