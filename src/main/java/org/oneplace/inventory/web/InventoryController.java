package org.oneplace.inventory.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.inventory.AdjustStock;
import org.oneplace.inventory.AvailabilityView;
import org.oneplace.inventory.CreateLocation;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.LocationView;
import org.oneplace.inventory.ReservationView;
import org.oneplace.inventory.Reserve;
import org.oneplace.inventory.SetStock;
import org.oneplace.inventory.StockLevelView;
import org.oneplace.inventory.StockMovementView;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Inventory")
class InventoryController {

    private final InventoryService inventory;

    InventoryController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @PostMapping("/locations")
    @Operation(summary = "Create a store or warehouse (needs catalog:manage)")
    ResponseEntity<LocationView> createLocation(@Valid @RequestBody CreateLocation command) {
        LocationView location = inventory.createLocation(command);
        return ResponseEntity.created(URI.create("/api/v1/locations/" + location.code()))
                .body(location);
    }

    @GetMapping("/locations")
    @Operation(summary = "All locations (needs catalog:read)")
    List<LocationView> locations() {
        return inventory.locations();
    }

    @GetMapping("/locations/{code}/stock")
    @Operation(summary = "Stock levels at a location by SKU (needs catalog:read)")
    List<StockLevelView> stockAt(
            @PathVariable String code, @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        return inventory.levelsAt(code, limit);
    }

    @GetMapping("/inventory/availability")
    @Operation(summary = "Where a SKU is available near a position, nearest first (needs catalog:read)")
    List<AvailabilityView> availability(
            @RequestParam String sku,
            @RequestParam double lat,
            @RequestParam double lon,
            @RequestParam(defaultValue = "50") double radiusKm,
            @RequestParam(defaultValue = "false") boolean inStock,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return inventory.availability(sku, lat, lon, radiusKm, inStock, limit);
    }

    @GetMapping("/inventory/{sku}")
    @Operation(summary = "A SKU's stock at every location (needs catalog:read)")
    List<StockLevelView> levels(@PathVariable String sku) {
        return inventory.levels(sku);
    }

    @GetMapping("/inventory/{sku}/{locationCode}")
    @Operation(summary = "A SKU's stock at one location (needs catalog:read)")
    StockLevelView level(@PathVariable String sku, @PathVariable String locationCode) {
        return inventory.level(sku, locationCode);
    }

    @PutMapping("/inventory/{sku}/{locationCode}")
    @Operation(summary = "Record a stock count: units on hand, optionally safety stock (needs inventory:manage)")
    StockLevelView set(
            @PathVariable String sku, @PathVariable String locationCode, @Valid @RequestBody SetStock command) {
        return inventory.setStock(sku, locationCode, command);
    }

    @PostMapping("/inventory/{sku}/{locationCode}/adjustments")
    @Operation(summary = "Record a receipt (+) or a loss (−) of units on hand (needs inventory:manage)")
    StockLevelView adjust(
            @PathVariable String sku, @PathVariable String locationCode, @Valid @RequestBody AdjustStock command) {
        return inventory.adjust(sku, locationCode, command);
    }

    @GetMapping("/inventory/{sku}/{locationCode}/movements")
    @Operation(
            summary = "The stock ledger of a SKU at a location, oldest first; page with after=<last id>"
                    + " (needs catalog:read)")
    List<StockMovementView> movements(
            @PathVariable String sku,
            @PathVariable String locationCode,
            @RequestParam @Nullable Long after,
            @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
        return inventory.movements(sku, locationCode, after, limit);
    }

    @PostMapping("/reservations")
    @Operation(
            summary =
                    "Hold units at a location for a while; 409 when they cannot be promised (needs" + " orders:write)")
    ResponseEntity<ReservationView> reserve(@Valid @RequestBody Reserve command) {
        ReservationView reservation = inventory.reserve(command);
        return ResponseEntity.created(URI.create("/api/v1/reservations/" + reservation.id()))
                .body(reservation);
    }

    @GetMapping("/reservations/{id}")
    @Operation(summary = "A reservation (needs orders:read)")
    ReservationView reservation(@PathVariable UUID id) {
        return inventory.reservation(id);
    }

    @PostMapping("/reservations/{id}/release")
    @Operation(summary = "Give held units back (needs orders:write)")
    ReservationView release(@PathVariable UUID id) {
        return inventory.releaseReservation(id);
    }

    @PostMapping("/reservations/{id}/commit")
    @Operation(summary = "The held units were sold: they leave the stock; 409 once expired (needs orders:write)")
    ReservationView commit(@PathVariable UUID id) {
        return inventory.commitReservation(id);
    }
}
