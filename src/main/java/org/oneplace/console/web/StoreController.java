package org.oneplace.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.CustomerView;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.fulfilment.CreateReturn;
import org.oneplace.fulfilment.FulfilmentService;
import org.oneplace.fulfilment.ReturnView;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.LocationView;
import org.oneplace.order.FulfilmentType;
import org.oneplace.order.OrderService;
import org.oneplace.order.OrderView;
import org.oneplace.order.PaymentStatus;
import org.oneplace.order.PlaceOrder;
import org.oneplace.platform.DomainException;
import org.oneplace.platform.IdempotencyKeys;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Quantity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Store section, for associates: pick the store; look a customer up by phone, e-mail or loyalty id and see
 * their cart, what they viewed online (with the size) and their orders from every channel; ring up a purchase at
 * the till; the pickup queue (ready, hand over); the returns desk (a purchase from anywhere, returned here).
 */
@Controller
@RequestMapping("/store")
class StoreController {

    private final InventoryService inventory;
    private final CustomerService customers;
    private final CartService carts;
    private final OrderService orders;
    private final FulfilmentService fulfilment;
    private final IdempotencyKeys idempotency;

    StoreController(
            InventoryService inventory,
            CustomerService customers,
            CartService carts,
            OrderService orders,
            FulfilmentService fulfilment,
            IdempotencyKeys idempotency) {
        this.inventory = inventory;
        this.customers = customers;
        this.carts = carts;
        this.orders = orders;
        this.fulfilment = fulfilment;
        this.idempotency = idempotency;
    }

    @GetMapping
    String store(
            @RequestParam(defaultValue = "") String location,
            @RequestParam(defaultValue = "") String q,
            @RequestParam @Nullable UUID customer,
            Model model) {
        List<LocationView> stores = inventory.locations();
        model.addAttribute("stores", stores);
        model.addAttribute("q", q);
        LocationView here = stores.stream()
                .filter(l -> l.code().equals(location))
                .findFirst()
                .orElse(null);
        model.addAttribute("here", here);
        if (here == null) {
            return "store/store";
        }
        model.addAttribute("pickups", fulfilment.pickups(here.code(), null, null));
        UUID found = customer;
        if (found == null && !q.isBlank()) {
            found = find(q.strip());
            if (found == null) {
                model.addAttribute("error", "Nobody has the phone number, e-mail or loyalty id '" + q.strip() + "'.");
            }
        }
        if (found != null) {
            CustomerView view = customers.customer(found);
            model.addAttribute("customer", view);
            model.addAttribute("cart", carts.cart(view.id()));
            model.addAttribute("orders", orders.ofCustomer(view.id(), null, 10).items());
            model.addAttribute("viewed", viewed(view.id()));
            model.addAttribute("saleKey", UUID.randomUUID().toString());
        }
        return "store/store";
    }

    /** The customer with this phone number, e-mail or loyalty id — whichever the text can be. */
    private @Nullable UUID find(String text) {
        List<IdentifierType> types = text.contains("@")
                ? List.of(IdentifierType.EMAIL)
                : List.of(IdentifierType.PHONE, IdentifierType.LOYALTY_ID);
        for (IdentifierType type : types) {
            try {
                return customers.lookup(type, text).id();
            } catch (DomainException | IllegalArgumentException e) {
                // not this kind of identifier, or nobody has it: try the next kind
            }
        }
        return null;
    }

    /** Products the customer viewed online, newest first, as "Trail Jacket (M)". */
    private List<TimelineEntry> viewed(UUID customer) {
        List<TimelineEntry> viewed = new ArrayList<>();
        for (TimelineEntry entry : customers
                .timeline(customer, Set.of(), Set.of("tracking"), null, 200)
                .items()) {
            if (entry.type().equals("product_viewed") && viewed.size() < 10) {
                viewed.add(entry);
            }
        }
        return viewed;
    }

    @PostMapping("/sale")
    String sale(
            @RequestParam String location,
            @RequestParam UUID customer,
            @RequestParam String sku,
            @RequestParam int quantity,
            @RequestParam String saleKey,
            @RequestParam(defaultValue = "") String paymentReference,
            RedirectAttributes redirect) {
        try {
            PlaceOrder sale = new PlaceOrder(
                    customer,
                    ChannelType.STORE,
                    new PlaceOrder.Fulfilment(FulfilmentType.IN_STORE, location),
                    List.of(new PlaceOrder.Line(sku.strip(), Quantity.of(quantity))),
                    null,
                    new PlaceOrder.Payment(
                            PaymentStatus.PAID, paymentReference.isBlank() ? null : paymentReference.strip()),
                    null);
            // the form's key makes a double-clicked "Ring up" one sale
            idempotency.run("orders.create", saleKey, sale, 201, () -> {
                OrderView order = orders.place(sale);
                return new IdempotencyKeys.Created(order, "/api/v1/orders/" + order.id());
            });
            redirect.addFlashAttribute("notice", "Sold: " + quantity + " × " + sku.strip() + ".");
        } catch (DomainException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(location, customer);
    }

    @PostMapping("/pickups/{order}/ready")
    String ready(@PathVariable UUID order, @RequestParam String location, RedirectAttributes redirect) {
        try {
            var pickup = fulfilment.ready(order, null);
            redirect.addFlashAttribute(
                    "notice",
                    "Order #" + pickup.number() + " is ready; pickup code " + pickup.code()
                            + ". The customer is being told.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(location, null);
    }

    @PostMapping("/pickups/{order}/handover")
    String handover(
            @PathVariable UUID order,
            @RequestParam String location,
            @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "false") boolean identityChecked,
            RedirectAttributes redirect) {
        try {
            var pickup = fulfilment.handover(order, code.isBlank() ? null : code, identityChecked);
            redirect.addFlashAttribute("notice", "Order #" + pickup.number() + " handed over.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(location, null);
    }

    @PostMapping("/returns")
    String returns(
            @RequestParam String location,
            @RequestParam UUID order,
            @RequestParam String sku,
            @RequestParam int quantity,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam @Nullable UUID customer,
            RedirectAttributes redirect) {
        try {
            ReturnView received = fulfilment.takeReturnAt(
                    new CreateReturn(
                            order,
                            customer,
                            List.of(new CreateReturn.Line(sku.strip(), Quantity.of(quantity))),
                            reason,
                            ChannelType.STORE),
                    location);
            redirect.addFlashAttribute(
                    "notice",
                    "Return received: " + quantity + " × " + sku.strip() + "; refund " + received.refund() + ".");
        } catch (DomainException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(location, customer);
    }

    private static String back(String location, @Nullable UUID customer) {
        return "redirect:/store?location="
                + java.net.URLEncoder.encode(location, java.nio.charset.StandardCharsets.UTF_8)
                + (customer == null ? "" : "&customer=" + customer);
    }
}
