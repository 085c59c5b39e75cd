package org.oneplace.cart.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oneplace.catalog.CatalogService;
import org.oneplace.catalog.VariantView;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.oneplace.shared.ChannelType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How the cart plugs into the customer record: carts merge in the merge's own transaction (so "the cart is there"
 * the moment the app's sign-in commits), cart changes are the cart part of the timeline, exports and erasures.
 * An undone merge takes back its customers' cart history; the lines stay with the survivor, because a merged line
 * cannot be split back into what each device added.
 */
@Component
class CartIntegration implements TimelineSource, PersonalDataHolder {

    private final CartRepository carts;
    private final CatalogService catalog;

    CartIntegration(CartRepository carts, CatalogService catalog) {
        this.carts = carts;
        this.catalog = catalog;
    }

    @EventListener
    void on(CustomersMerged merged) {
        carts.fold(merged.mergedId(), merged.survivorId());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        carts.unfoldHistory(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @Override
    public String kind() {
        return "cart";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        List<CartRepository.Activity> activity = carts.activity(
                query.customerIds(),
                query.beforeAt(),
                query.beforeId(),
                query.channels().stream().map(ChannelType::code).toList(),
                query.limit());
        Map<String, VariantView> variants = catalog.variants(
                activity.stream().map(CartRepository.Activity::sku).distinct().toList());
        return activity.stream()
                .map(a -> new TimelineEntry(
                        a.at(),
                        "cart",
                        a.channel() == null
                                ? null
                                : ChannelType.fromCode(a.channel()).orElse(null),
                        "cart_" + a.type(),
                        summary(a, variants.get(a.sku())),
                        a.sku(),
                        a.id().toString()))
                .toList();
    }

    private static String summary(CartRepository.Activity a, VariantView variant) {
        String item = (variant == null ? a.sku() : variant.label()) + " ×" + a.quantity();
        return switch (a.type()) {
            case "added" -> "Cart: added " + item;
            case "changed" -> "Cart: changed to " + item;
            case "removed" -> "Cart: removed " + item;
            case "purchased" -> "Cart: bought " + item;
            default -> "Cart: " + a.type() + " " + item;
        };
    }

    @Override
    public String section() {
        return "cart";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return Map.of(
                "lines",
                        customerIds.stream()
                                .flatMap(id -> carts.lines(id).stream())
                                .toList(),
                "history", carts.activity(customerIds, null, null, List.of(), 10_000));
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        carts.erase(customerIds);
    }
}
