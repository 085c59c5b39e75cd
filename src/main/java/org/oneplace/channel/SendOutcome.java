package org.oneplace.channel;

import java.time.Duration;

/** What became of one send attempt (RELIABILITY §3.5). */
public sealed interface SendOutcome {

    /** The provider took it and named it. */
    record Sent(String externalId) implements SendOutcome {}

    /** It certainly did not take effect (connection refused, 429, 503): try again after the wait. */
    record Retry(Duration after, String reason) implements SendOutcome {}

    /** The provider refused it for good; the reason is shown to the agent. */
    record Failed(String reason) implements SendOutcome {}

    /**
     * It may or may not have taken effect (a timeout after the request was sent, a 500): never resent blindly, a
     * receipt echoing our id decides.
     */
    record Unknown(String reason) implements SendOutcome {}
}
