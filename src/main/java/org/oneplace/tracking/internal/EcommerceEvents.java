package org.oneplace.tracking.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The event names of Segment's e-commerce spec (v2). Tracked under these names, an event is typed on the timeline
 * ({@code Product Viewed} becomes {@code product_viewed}) so that other modules and reports can rely on it.
 */
final class EcommerceEvents {

    static final Set<String> NAMES = Set.of(
            "Products Searched",
            "Product List Viewed",
            "Product List Filtered",
            "Promotion Viewed",
            "Promotion Clicked",
            "Product Clicked",
            "Product Viewed",
            "Product Added",
            "Product Removed",
            "Cart Viewed",
            "Checkout Started",
            "Checkout Step Viewed",
            "Checkout Step Completed",
            "Payment Info Entered",
            "Order Updated",
            "Order Completed",
            "Order Refunded",
            "Order Cancelled",
            "Coupon Entered",
            "Coupon Applied",
            "Coupon Denied",
            "Coupon Removed",
            "Product Added to Wishlist",
            "Product Removed from Wishlist",
            "Wishlist Product Added to Cart",
            "Product Shared",
            "Cart Shared",
            "Product Reviewed");

    private EcommerceEvents() {}

    /** The timeline type of a track call: the snake-case spec name, or {@code event} for the business's own. */
    static String typeOf(String eventName) {
        return NAMES.contains(eventName) ? eventName.toLowerCase(Locale.ROOT).replace(' ', '_') : "event";
    }
}
