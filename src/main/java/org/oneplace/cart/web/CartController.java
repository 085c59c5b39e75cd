package org.oneplace.cart.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.AddCartLine;
import org.oneplace.cart.CartService;
import org.oneplace.cart.CartView;
import org.oneplace.cart.SetCartLine;
import org.oneplace.shared.ChannelType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{id}/cart")
@Tag(name = "Cart")
class CartController {

    private final CartService carts;

    CartController(CartService carts) {
        this.carts = carts;
    }

    @GetMapping
    @Operation(summary = "The customer's cart, priced, with lines flagged when out of stock (needs orders:read)")
    CartView cart(@PathVariable UUID id) {
        return carts.cart(id);
    }

    @PostMapping("/lines")
    @Operation(summary = "Add units of a SKU to the cart (needs orders:write)")
    CartView add(@PathVariable UUID id, @Valid @RequestBody AddCartLine line) {
        return carts.add(id, line);
    }

    @PutMapping("/lines/{sku}")
    @Operation(summary = "Set the units of a cart line (needs orders:write)")
    CartView set(@PathVariable UUID id, @PathVariable String sku, @Valid @RequestBody SetCartLine line) {
        return carts.set(id, sku, line);
    }

    @DeleteMapping("/lines/{sku}")
    @Operation(summary = "Remove a line from the cart (needs orders:write)")
    CartView remove(@PathVariable UUID id, @PathVariable String sku, @RequestParam @Nullable String channel) {
        return carts.remove(id, sku, channel == null ? null : ChannelType.parse(channel));
    }
}
