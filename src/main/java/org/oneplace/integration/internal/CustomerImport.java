package org.oneplace.integration.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.SetConsent;
import org.oneplace.customer.Customers;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.integration.ImportRejectView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes customer rows (see {@link CustomerRows} for the columns), resolved exactly as live traffic is and set-based
 * ({@link Customers#resolveAll}): identifiers nobody holds make new customers in one statement, rows showing that two
 * customers are one person merge them, conflicting user ids are recorded as conflicts, not merged. Traits are written
 * last-write-wins at the row's {@code updatedAt} (else {@code createdAt}, else when this file was first imported) and
 * consents are recorded once, so importing the same file again changes nothing.
 */
@Component
class CustomerImport implements ImportWriter {

    static final String SOURCE = "import";

    private final Customers customers;
    private final ConsentService consents;
    private final CustomerRows rows;

    CustomerImport(Customers customers, ConsentService consents, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.consents = consents;
        this.rows = new CustomerRows(customers, json, clock);
    }

    @Override
    public void checkHeader(List<String> columns) {
        CustomerRows.checkHeader(columns);
    }

    @Override
    public Written write(ImportRepository.Job job, List<ImportFile.Row> batch) {
        List<ImportRejectView> rejects = new ArrayList<>();
        List<CustomerRows.Customer> valid = new ArrayList<>();
        for (ImportFile.Row row : batch) {
            if (row.problem() != null) {
                rejects.add(new ImportRejectView(row.line(), row.field(), row.problem()));
                continue;
            }
            try {
                valid.add(rows.read(row));
            } catch (CustomerRows.Refused e) {
                rejects.add(new ImportRejectView(row.line(), e.field, e.getMessage()));
            }
        }
        Instant dated = job.datedAt();
        List<Resolution> resolutions = customers.resolveAll(valid.stream()
                .map(r -> new ResolveIdentity(
                        r.identifiers(),
                        SOURCE,
                        ImportWriter.ref(job, r.line()),
                        r.createdAt() == null ? dated : r.createdAt()))
                .toList());
        List<Customers.TraitWrite> traits = new ArrayList<>();
        List<ConsentService.Entry> choices = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            CustomerRows.Customer row = valid.get(i);
            UUID customer = resolutions.get(i).customerId();
            Instant at = row.updatedAt() != null ? row.updatedAt() : row.createdAt() != null ? row.createdAt() : dated;
            if (!row.traits().isEmpty()) {
                traits.add(new Customers.TraitWrite(customer, row.traits(), at, SOURCE));
            }
            for (SetConsent choice : row.consents()) {
                choices.add(new ConsentService.Entry(
                        customer,
                        new SetConsent(
                                choice.channel(),
                                choice.purpose(),
                                choice.status(),
                                choice.source() == null ? SOURCE : choice.source(),
                                choice.evidence() == null ? ImportWriter.ref(job, row.line()) : choice.evidence(),
                                choice.at() == null ? at : choice.at())));
            }
        }
        customers.recordTraits(traits);
        // a customer this import created is new to every integrator as a whole: its consents are not announced one by
        // one; a change for someone already known is (see recordAll)
        java.util.Set<UUID> created = new java.util.HashSet<>();
        resolutions.stream().filter(Resolution::created).forEach(r -> created.add(r.customerId()));
        int recorded = consents.recordAll(choices, "import " + job.view().id(), id -> !created.contains(id));
        return new Written(
                valid.size(),
                resolutions.stream().filter(Resolution::created).count(),
                resolutions.stream().mapToLong(r -> r.mergedIds().size()).sum(),
                resolutions.stream().mapToLong(r -> r.conflicts().size()).sum(),
                recorded,
                0,
                rejects);
    }
}
