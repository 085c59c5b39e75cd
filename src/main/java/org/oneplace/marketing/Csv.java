package org.oneplace.marketing;

import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierType;

/** RFC 4180 cells, with formula injection defused for spreadsheets (OWASP: a leading = + - @ is quoted as text). */
final class Csv {

    private Csv() {}

    static String cell(@Nullable String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\""
                : safe;
    }

    static @Nullable String identifier(SegmentMember member, IdentifierType wanted) {
        return member.identifiers().stream()
                .filter(i -> i.type() == wanted)
                .map(i -> i.value())
                .findFirst()
                .orElse(null);
    }
}
