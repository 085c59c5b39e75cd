package org.oneplace.fulfilment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.fulfilment.CreateReturn;
import org.oneplace.fulfilment.FulfilmentService;
import org.oneplace.fulfilment.PickupView;
import org.oneplace.fulfilment.ReturnView;
import org.oneplace.order.OrderView;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Fulfilment")
class FulfilmentController {

    private final FulfilmentService fulfilment;

    FulfilmentController(FulfilmentService fulfilment) {
        this.fulfilment = fulfilment;
    }

    @GetMapping("/locations/{code}/pickups")
    @Operation(
            summary = "A store's pickup queue, oldest first; status=waiting|ready|collected|cancelled, q=code,"
                    + " order number or name (needs orders:read)")
    List<PickupView> pickups(
            @PathVariable String code, @RequestParam @Nullable String status, @RequestParam @Nullable String q) {
        return fulfilment.pickups(code, status, q);
    }

    @GetMapping("/orders/{id}/pickup")
    @Operation(summary = "An order's pickup: status, code, deadline, how the customer was told (needs orders:read)")
    PickupView pickup(@PathVariable UUID id) {
        return fulfilment.pickup(id);
    }

    record Ready(@Nullable Instant pickupBy) {}

    @PostMapping("/orders/{id}/pickup/ready")
    @Operation(
            summary = "The order waits at the counter: makes the pickup code, tells the customer (needs"
                    + " orders:write)")
    PickupView ready(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Ready command) {
        return fulfilment.ready(id, command == null ? null : command.pickupBy());
    }

    record Handover(
            @Nullable @Size(max = 20) String code, @Nullable Boolean identityChecked) {}

    @PostMapping("/orders/{id}/pickup/handover")
    @Operation(
            summary = "Hand the order over, with the pickup code or after an identity check (needs" + " orders:write)")
    PickupView handover(@PathVariable UUID id, @Valid @RequestBody Handover command) {
        return fulfilment.handover(id, command.code(), Boolean.TRUE.equals(command.identityChecked()));
    }

    record Shipment(
            @NotBlank @Size(max = 100) String carrier,
            @NotBlank @Size(max = 100) String trackingNumber) {}

    @PostMapping("/orders/{id}/shipment")
    @Operation(summary = "The carrier took the order, with its tracking number (needs orders:write)")
    OrderView shipped(@PathVariable UUID id, @Valid @RequestBody Shipment command) {
        return fulfilment.shipped(id, command.carrier(), command.trackingNumber());
    }

    @PostMapping("/orders/{id}/delivered")
    @Operation(summary = "The carrier delivered the order (needs orders:write)")
    OrderView delivered(@PathVariable UUID id) {
        return fulfilment.delivered(id);
    }

    @PostMapping("/returns")
    @Operation(
            summary = "Start a return for an order from any channel; 409 for more than was bought (needs"
                    + " orders:write)")
    ResponseEntity<ReturnView> createReturn(@Valid @RequestBody CreateReturn command) {
        ReturnView created = fulfilment.createReturn(command);
        return ResponseEntity.created(URI.create("/api/v1/returns/" + created.id()))
                .body(created);
    }

    @GetMapping("/returns/{id}")
    @Operation(summary = "A return (needs orders:read)")
    ReturnView returnRequest(@PathVariable UUID id) {
        return fulfilment.returnRequest(id);
    }

    @GetMapping("/orders/{id}/returns")
    @Operation(summary = "An order's returns (needs orders:read)")
    List<ReturnView> returnsOf(@PathVariable UUID id) {
        return fulfilment.returnsOf(id);
    }

    record Receive(@NotBlank @Size(max = 40) String locationCode) {}

    @PostMapping("/returns/{id}/receive")
    @Operation(
            summary = "The goods arrived at a location (any): stock rises there, the refund is recorded (needs"
                    + " orders:write)")
    ReturnView receive(@PathVariable UUID id, @Valid @RequestBody Receive command) {
        return fulfilment.receive(id, command.locationCode());
    }
}
