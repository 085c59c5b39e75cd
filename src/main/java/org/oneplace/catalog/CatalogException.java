package org.oneplace.catalog;

import java.util.Collection;
import org.oneplace.platform.DomainException;

/** A catalog or pricing rule a request broke; the message says which and what to do instead. */
public class CatalogException extends DomainException {

    CatalogException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static CatalogException unknownSkus(Collection<String> skus) {
        return new CatalogException(
                Reason.NOT_FOUND,
                "Unknown SKU",
                "The catalog has no variant with the SKU "
                        + String.join(
                                ", ", skus.stream().map(s -> "'" + s + "'").toList())
                        + "; create the product first (POST /api/v1/products).");
    }

    public static CatalogException unknownProduct(Object id) {
        return new CatalogException(Reason.NOT_FOUND, "Unknown product", "There is no product " + id + ".");
    }

    public static CatalogException unknownPromotion(Object id) {
        return new CatalogException(Reason.NOT_FOUND, "Unknown promotion", "There is no promotion " + id + ".");
    }

    static CatalogException skuTaken(String sku) {
        return new CatalogException(
                Reason.CONFLICT, "SKU already used", "The SKU '" + sku + "' belongs to another variant already.");
    }

    static CatalogException codeTaken(String code) {
        return new CatalogException(
                Reason.CONFLICT,
                "Promotion code already used",
                "An active promotion has the code '" + code + "' already; end it or choose another code.");
    }

    static CatalogException mixedCurrencies(Collection<String> currencies) {
        return new CatalogException(
                Reason.CONFLICT,
                "Mixed currencies",
                "These items are priced in different currencies (" + String.join(", ", currencies)
                        + "); one cart or order is paid in one currency.");
    }

    static CatalogException invalidCode(String code) {
        return new CatalogException(
                Reason.INVALID,
                "Invalid promotion code",
                "The promotion code '" + code + "' is unknown, ended or not valid yet.");
    }

    static CatalogException invalid(String detail) {
        return new CatalogException(Reason.INVALID, "Invalid request", detail);
    }
}
