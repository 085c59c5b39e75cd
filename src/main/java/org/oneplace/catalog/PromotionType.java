package org.oneplace.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a promotion takes money off: a percentage of the line, or a fixed amount off each unit. */
public enum PromotionType {
    PERCENTAGE,
    FIXED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
