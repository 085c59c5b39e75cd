package org.oneplace.marketing;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.DomainException;

/** A marketing rule a request broke. */
public class MarketingException extends DomainException {

    MarketingException(Reason reason, String title, String detail, @Nullable String field) {
        super(reason, title, detail, field);
    }

    /** A definition (segment rules, journey graph, settings) that cannot be used; names the field at fault. */
    public static MarketingException invalid(String field, String detail) {
        return new MarketingException(Reason.INVALID, "Invalid definition", detail, field);
    }

    /** A template that does not compile or names a variable Oneplace does not know; says on which line. */
    public static MarketingException template(String detail) {
        return new MarketingException(Reason.UNPROCESSABLE, "Template error", detail, "body");
    }

    public static MarketingException unknown(String what, UUID id) {
        return new MarketingException(
                Reason.NOT_FOUND, "Unknown " + what, "There is no " + what + " " + id + ".", null);
    }

    public static MarketingException conflict(String title, String detail) {
        return new MarketingException(Reason.CONFLICT, title, detail, null);
    }
}
