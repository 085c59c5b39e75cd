package org.oneplace.cart;

import org.oneplace.platform.DomainException;

/** A cart rule a request broke. */
public class CartException extends DomainException {

    CartException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    static CartException notInCart(String sku) {
        return new CartException(Reason.NOT_FOUND, "Not in the cart", "The cart has no line for '" + sku + "'.");
    }

    static CartException tooMany(String sku, int max) {
        return new CartException(
                Reason.CONFLICT, "Too many units", "A cart line holds at most " + max + " units of '" + sku + "'.");
    }
}
