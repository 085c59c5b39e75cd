package org.oneplace.marketing;

import java.time.Instant;
import java.util.List;
import org.oneplace.marketing.internal.SendRepository;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Marketing's figures per channel, for the analytics reports (module API). */
@Service
public class MarketingFigures {

    private final SendRepository messages;

    MarketingFigures(SendRepository messages) {
        this.messages = messages;
    }

    /** Per channel, the messages decided in {@code [from, to)}. */
    @PreAuthorize("hasAuthority('marketing:read') or hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public List<ChannelMessages> perChannel(Instant from, Instant to) {
        return messages.perChannel(from, to).stream()
                .map(row -> new ChannelMessages(
                        ChannelType.fromCode(row.channel()).orElse(ChannelType.API),
                        row.sent(),
                        row.delivered(),
                        row.clicked(),
                        row.clicked(),
                        row.converted(),
                        row.currency() == null ? null : new Money(row.revenue(), row.currency()),
                        row.skipped(),
                        row.failed()))
                .toList();
    }
}
