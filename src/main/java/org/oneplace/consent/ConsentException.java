package org.oneplace.consent;

import org.oneplace.platform.DomainException;

/** A consent rule a request broke. */
public class ConsentException extends DomainException {

    ConsentException(String detail) {
        super(Reason.INVALID, "Invalid consent", detail);
    }

    static ConsentException notAConsentChannel(Object channel) {
        return new ConsentException("Consent is kept for the channels " + ConsentService.CHANNELS + "; '" + channel
                + "' is not one of them.");
    }
}
