package org.oneplace.order.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.oneplace.platform.IdempotencyKeys;
import org.oneplace.shared.ChannelType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How orders plug into the customer record: they follow merges (and undos) in the merge's transaction, every step
 * of every order is on the timeline with its channel, and orders are part of exports. Erasure removes the name on
 * orders but keeps the orders themselves, which the business must keep for its books.
 */
@Component
class OrderIntegration implements TimelineSource, PersonalDataHolder {

    private final OrderRepository orders;
    private final IdempotencyKeys idempotency;

    OrderIntegration(OrderRepository orders, IdempotencyKeys idempotency) {
        this.orders = orders;
        this.idempotency = idempotency;
    }

    @EventListener
    void on(CustomersMerged merged) {
        orders.reassign(merged.mergedId(), merged.survivorId());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        orders.reassignBack(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @Override
    public String kind() {
        return "order";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        return orders
                .steps(
                        query.customerIds(),
                        query.beforeAt(),
                        query.beforeId(),
                        query.channels().stream().map(ChannelType::code).toList(),
                        query.limit())
                .stream()
                .map(s -> new TimelineEntry(
                        s.at(),
                        "order",
                        s.channel(),
                        "order_" + s.type(),
                        s.summary(),
                        s.orderId().toString(),
                        s.id().toString()))
                .toList();
    }

    @Override
    public String section() {
        return "orders";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return orders.ofCustomers(customerIds, null, null, 10_000);
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        orders.pseudonymise(customerIds);
        // a retried checkout of theirs replays a note, never their order or name, and creates nothing
        idempotency.forgetAnswersAbout(customerIds.stream().map(UUID::toString).toList());
    }
}
