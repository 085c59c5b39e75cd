package org.oneplace.consent.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.ConsentView;
import org.oneplace.consent.SetConsent;
import org.oneplace.customer.ConsentSignalled;
import org.oneplace.customer.ConsentSummaries;
import org.oneplace.customer.ConsentSummary;
import org.oneplace.customer.Customers;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * How the ledger plugs into the customer record: it follows merges and undos in the same transaction, records
 * consent carried by identify traits, shows current consents on the customer, adds its entries to the timeline and
 * its records to exports and erasures.
 */
@Component
class ConsentIntegration implements ConsentSummaries, TimelineSource, PersonalDataHolder {

    private final ConsentRepository ledger;
    private final ConsentService consents;
    private final Customers customers;

    ConsentIntegration(ConsentRepository ledger, ConsentService consents, Customers customers) {
        this.ledger = ledger;
        this.consents = consents;
        this.customers = customers;
    }

    @EventListener
    void on(CustomersMerged merged) {
        ledger.reassign(merged.mergedId(), merged.survivorId());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        ledger.reassignBack(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @ApplicationModuleListener
    void on(ConsentSignalled signal) {
        // the customer may have been merged since the signal (or erased: then nothing is recorded)
        customers
                .liveId(signal.customerId())
                .ifPresent(live -> consents.record(
                        live,
                        new SetConsent(
                                signal.channel(),
                                signal.purpose(),
                                signal.status(),
                                signal.source(),
                                signal.evidence(),
                                signal.occurredAt()),
                        signal.source()));
    }

    @Override
    public List<ConsentSummary> current(UUID customerId) {
        return ledger.current(Set.of(customerId)).stream()
                .map(c -> new ConsentSummary(c.channel(), c.purpose(), c.status(), c.at(), c.source()))
                .toList();
    }

    @Override
    public String kind() {
        return "consent";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        return ledger.before(query.customerIds(), query.beforeAt(), query.beforeId(), query.limit()).stream()
                .filter(c -> query.channels().isEmpty() || query.channels().contains(c.channel()))
                .map(ConsentIntegration::entry)
                .toList();
    }

    private static TimelineEntry entry(ConsentView c) {
        return new TimelineEntry(
                c.at(),
                "consent",
                c.channel(),
                "consent_" + c.status().code(),
                c.status().code().substring(0, 1).toUpperCase()
                        + c.status().code().substring(1) + " " + c.purpose().code() + " messages on "
                        + c.channel().code() + " (" + c.source() + ")",
                c.id().toString(),
                c.id().toString());
    }

    @Override
    public String section() {
        return "consents";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return ledger.history(customerIds);
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        ledger.delete(customerIds);
    }
}
