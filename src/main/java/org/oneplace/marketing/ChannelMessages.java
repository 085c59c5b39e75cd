package org.oneplace.marketing;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/**
 * What marketing did on one channel in a period (messages by the time they were decided): each status counts the
 * messages that reached it or a later one ({@code clicked} messages were also delivered and sent).
 *
 * @param skipped messages the sending rules held back (no consent, caps, quiet hours, nothing to offer …)
 * @param opened opens are not tracked yet: clicks count as opens
 * @param converted messages an order was attributed to; {@code revenue} is those orders' total
 */
public record ChannelMessages(
        ChannelType channel,
        long sent,
        long delivered,
        long opened,
        long clicked,
        long converted,
        @Nullable Money revenue,
        long skipped,
        long failed) {}
