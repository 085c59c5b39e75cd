package org.oneplace.order;

import java.util.UUID;
import org.oneplace.platform.DomainException;

/** An order rule a request broke. */
public class OrderException extends DomainException {

    OrderException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static OrderException unknownOrder(UUID id) {
        return new OrderException(Reason.NOT_FOUND, "Unknown order", "There is no order " + id + ".");
    }

    public static OrderException wrongStatus(long number, OrderStatus status, String wanted) {
        return new OrderException(
                Reason.CONFLICT,
                "Order not in that state",
                "Order #" + number + " is " + status.code().replace('_', ' ') + "; it must be " + wanted
                        + " for this.");
    }

    public static OrderException tooManyReturned(String sku, int wanted, int bought, int returnedBefore) {
        String already = returnedBefore == 0 ? "" : " and " + returnedBefore + " are returned already";
        return new OrderException(
                Reason.CONFLICT,
                "More than purchased",
                "cannot return " + wanted + " of '" + sku + "': " + bought + " were purchased" + already + ".");
    }

    public static OrderException notInOrder(String sku, long number) {
        return new OrderException(
                Reason.CONFLICT, "Not in the order", "Order #" + number + " has no line for '" + sku + "'.");
    }

    static OrderException invalid(String detail) {
        return new OrderException(Reason.INVALID, "Invalid order", detail);
    }

    static OrderException emptyCart(UUID customerId) {
        return new OrderException(
                Reason.CONFLICT,
                "Empty cart",
                "The cart of customer " + customerId + " is empty; add lines to it or send 'lines' with the order.");
    }
}
