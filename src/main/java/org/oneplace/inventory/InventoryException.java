package org.oneplace.inventory;

import org.oneplace.platform.DomainException;

/** An inventory rule a request broke; the message says which and what to do instead. */
public class InventoryException extends DomainException {

    InventoryException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    /** Not enough units: names the SKU, the location and what it has, as clients show it to people. */
    public static InventoryException insufficient(String sku, String locationName, int available, int wanted) {
        return new InventoryException(
                Reason.CONFLICT,
                "Insufficient stock",
                "'" + sku + "' has " + Math.max(available, 0) + " available at '" + locationName + "'; " + wanted
                        + " requested.");
    }

    public static InventoryException unknownLocation(String code) {
        return new InventoryException(
                Reason.NOT_FOUND, "Unknown location", "There is no location with the code '" + code + "'.");
    }

    public static InventoryException noPickup(String name) {
        return new InventoryException(
                Reason.CONFLICT, "No pickup here", "'" + name + "' does not offer pickup; choose another store.");
    }

    public static InventoryException unknownReservation(Object id) {
        return new InventoryException(Reason.NOT_FOUND, "Unknown reservation", "There is no reservation " + id + ".");
    }

    static InventoryException reservationClosed(Object id, String status) {
        return new InventoryException(
                Reason.CONFLICT,
                "Reservation not active",
                "The reservation " + id + " is " + status + "; its units are no longer held.");
    }

    static InventoryException locationTaken(String code) {
        return new InventoryException(
                Reason.CONFLICT, "Location code taken", "A location with the code '" + code + "' exists already.");
    }

    static InventoryException belowReserved(String sku, String location, int onHand, int reserved) {
        return new InventoryException(
                Reason.CONFLICT,
                "Stock below reservations",
                "Cannot set '" + sku + "' at '" + location + "' to " + onHand + " on hand: " + reserved
                        + " units are reserved there. Release or cancel reservations first.");
    }

    static InventoryException invalid(String detail) {
        return new InventoryException(Reason.INVALID, "Invalid request", detail);
    }
}
