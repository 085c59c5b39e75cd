package org.oneplace.order.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.order.OrderService;
import org.oneplace.order.OrderView;
import org.oneplace.order.PaymentStatus;
import org.oneplace.order.PlaceOrder;
import org.oneplace.order.Purchases;
import org.oneplace.order.Replenishment;
import org.oneplace.platform.IdempotencyKeys;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Orders")
class OrderController {

    private final OrderService orders;
    private final Purchases purchases;
    private final IdempotencyKeys idempotency;

    OrderController(OrderService orders, Purchases purchases, IdempotencyKeys idempotency) {
        this.orders = orders;
        this.purchases = purchases;
        this.idempotency = idempotency;
    }

    @PostMapping("/orders")
    @Operation(
            summary = "Check out from the cart or explicit lines; needs an Idempotency-Key header (kept 24 h);"
                    + " 409 names the SKU and location short of stock (needs orders:write)")
    ResponseEntity<String> place(
            @Parameter(
                            description = "A unique value per checkout, e.g. a UUID; a retry with the same key and body"
                                    + " answers the first answer again")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Nullable
                    String key,
            @Valid @RequestBody PlaceOrder command) {
        IdempotencyKeys.Answer answer = idempotency.run("orders.create", key, command, 201, () -> {
            OrderView order = orders.place(command);
            return new IdempotencyKeys.Created(order, "/api/v1/orders/" + order.id());
        });
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON);
        if (answer.location() != null) {
            response.header(HttpHeaders.LOCATION, answer.location());
        }
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(answer.body());
    }

    @GetMapping("/orders/{id}")
    @Operation(summary = "An order with its lines and history (needs orders:read)")
    OrderView order(@PathVariable UUID id) {
        return orders.order(id);
    }

    @GetMapping("/customers/{id}/orders")
    @Operation(summary = "A customer's orders from every channel, newest first (needs orders:read)")
    Page<OrderView> ofCustomer(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam @Nullable String cursor) {
        return orders.ofCustomer(id, cursor, limit);
    }

    @GetMapping("/customers/{id}/replenishment")
    @Operation(
            summary = "Products the customer buys on a rhythm (3+ orders on any channel): typical interval and when the"
                    + " next purchase is expected (needs orders:read)")
    java.util.Map<String, java.util.List<Replenishment>> replenishment(@PathVariable UUID id) {
        return java.util.Map.of("items", purchases.replenishment(id));
    }

    record Cancel(
            @Nullable @Size(max = 500) String reason,
            @Nullable ChannelType channel) {}

    @PostMapping("/orders/{id}/cancel")
    @Operation(summary = "Cancel a placed or ready order; its units are released (needs orders:write)")
    OrderView cancel(@PathVariable UUID id, @Valid @RequestBody Cancel command) {
        return orders.cancel(id, command.reason(), command.channel());
    }

    record Payment(
            @NotNull PaymentStatus status,
            @Nullable @Size(max = 200) String reference) {}

    @PostMapping("/orders/{id}/payment")
    @Operation(summary = "Record the payment status and reference (needs orders:write)")
    OrderView payment(@PathVariable UUID id, @Valid @RequestBody Payment command) {
        return orders.recordPayment(id, command.status(), command.reference());
    }
}
