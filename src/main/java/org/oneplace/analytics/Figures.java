package org.oneplace.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/** How the reports present numbers: rates as fractions to four places, null where nothing could be divided. */
final class Figures {

    private Figures() {}

    static @Nullable Double rate(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 4);
    }

    static @Nullable Double round(@Nullable Double value, int places) {
        return value == null ? null : round(value.doubleValue(), places);
    }

    static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** A channel as analytics' tables write it (an unknown code, which nothing writes, reads as the API). */
    static ChannelType channel(String code) {
        return ChannelType.fromCode(code).orElse(ChannelType.API);
    }
}
