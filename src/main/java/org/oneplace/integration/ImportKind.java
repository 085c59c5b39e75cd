package org.oneplace.integration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.oneplace.shared.InvalidValueException;

/** What the rows of an import file are. */
public enum ImportKind {
    /** People: identifiers, name, traits and consents, resolved exactly as live traffic is. */
    CUSTOMERS,
    /** Orders from another system's history: one row per order line (CSV) or per order (JSON Lines). */
    ORDERS,
    /** Products, one row per variant (SKU), with price and options. */
    PRODUCTS,
    /** Stock counts per SKU and location. */
    STOCK;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ImportKind parse(String code) {
        return Arrays.stream(values())
                .filter(k -> k.code().equalsIgnoreCase(code.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException(
                        "kind",
                        "'kind' says what the file's rows are; use one of "
                                + Arrays.stream(values()).map(ImportKind::code).toList() + ", not '" + code + "'."));
    }
}
