package org.oneplace.tracking.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.oneplace.shared.ChannelType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How tracked events plug into the customer record: they move with merges and back with undos in the same
 * transaction (so the timeline is never split), they are the tracking part of the timeline, of exports and of
 * erasures.
 */
@Component
class TrackingIntegration implements TimelineSource, PersonalDataHolder {

    private final EventRepository events;
    private final JsonMapper json;

    TrackingIntegration(EventRepository events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @EventListener
    void on(CustomersMerged merged) {
        events.reassign(merged.mergedId(), merged.survivorId());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        events.reassignBack(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @Override
    public String kind() {
        return "tracking";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        return events
                .before(
                        query.customerIds(),
                        query.beforeAt(),
                        query.beforeId(),
                        query.channels().stream().map(ChannelType::code).toList(),
                        query.limit())
                .stream()
                .map(this::entry)
                .toList();
    }

    private TimelineEntry entry(EventRepository.TimelineRow row) {
        return new TimelineEntry(
                row.at(),
                "tracking",
                ChannelType.fromCode(row.channel()).orElse(null),
                row.type(),
                summary(row),
                row.id().toString(),
                row.id().toString(),
                row.name(),
                row.keyProperties() == null ? Map.of() : json.readValue(row.keyProperties(), PROPERTIES));
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> PROPERTIES =
            new tools.jackson.core.type.TypeReference<>() {};

    /** One line a person reads: "Viewed product Trail Jacket (M)", "Viewed page Pricing". */
    private static String summary(EventRepository.TimelineRow row) {
        String detail = row.product() == null
                ? ""
                : " " + row.product() + (row.variant() == null ? "" : " (" + row.variant() + ")");
        return switch (row.type()) {
            case "page_viewed" -> "Viewed page " + firstOf(row.name(), row.title(), row.path());
            case "screen_viewed" -> "Viewed screen " + firstOf(row.name());
            case "identified" -> "Identified";
            case "aliased" -> "Linked the earlier id " + row.name();
            case "grouped" -> "Joined group " + row.name();
            case "product_viewed" -> "Viewed product" + detail;
            case "product_added" -> "Added to cart" + detail;
            case "product_removed" -> "Removed from cart" + detail;
            case "order_completed" -> "Completed order" + (row.orderId() == null ? "" : " " + row.orderId());
            case "event" -> row.name() == null ? "Event" : row.name();
            default -> firstOf(row.name(), row.type()) + detail;
        };
    }

    private static String firstOf(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "(unnamed)";
    }

    @Override
    public String section() {
        return "tracking";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("events", rows("tracking_event", customerIds));
        export.put("sessions", rows("tracking_session", customerIds));
        return export;
    }

    private List<JsonNode> rows(String table, Set<UUID> customerIds) {
        return events.export(table, customerIds).stream().map(json::readTree).toList();
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        events.delete(customerIds);
    }
}
