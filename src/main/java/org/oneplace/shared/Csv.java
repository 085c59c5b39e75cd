package org.oneplace.shared;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * CSV as RFC 4180 writes it, with formula injection defused for spreadsheets (OWASP: a cell starting with = + - @,
 * tab or carriage return is written as text with a leading apostrophe). Reports and exports of several modules.
 */
public final class Csv {

    private Csv() {}

    /** One cell: quoted when it holds a comma, quote or line break; empty for null. */
    public static String cell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof ChannelType channel ? channel.code() : value.toString();
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\""
                : safe;
    }

    /** One line of cells, ended by CRLF. */
    public static String row(Stream<?> cells) {
        return cells.map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    /**
     * Records as a table: a header of the component names, then a line per record. A component that is itself a
     * {@link Money} is written as two columns, {@code name} (in major units, as people read it) and {@code
     * nameCurrency}.
     */
    public static <R extends Record> String of(Class<R> type, List<R> records) {
        RecordComponent[] components = type.getRecordComponents();
        StringBuilder csv = new StringBuilder(row(Stream.of(components)
                .flatMap(c -> c.getType() == Money.class
                        ? Stream.of(c.getName(), c.getName() + "Currency")
                        : Stream.of(c.getName()))));
        for (R record : records) {
            csv.append(row(Stream.of(components).flatMap(c -> {
                Object value = value(c, record);
                if (c.getType() == Money.class) {
                    Money money = (Money) value;
                    return money == null
                            ? Stream.of("", "")
                            : Stream.of(money.toDecimal().toPlainString(), money.currency());
                }
                return Stream.of(value == null ? "" : value);
            })));
        }
        return csv.toString();
    }

    private static @Nullable Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record, e);
        }
    }
}
