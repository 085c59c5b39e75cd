package org.oneplace.inventory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum LocationType {
    STORE,
    WAREHOUSE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
