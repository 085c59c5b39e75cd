package org.oneplace.customer.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.AddIdentifier;
import org.oneplace.customer.AddedIdentifier;
import org.oneplace.customer.ConflictView;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.CustomerView;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.LinkView;
import org.oneplace.customer.MergeCustomers;
import org.oneplace.customer.MergeView;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.UpdateTraits;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Page;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers")
class CustomerController {

    private final CustomerService customers;

    CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    @GetMapping
    @Operation(summary = "Search customers by name or any identifier (needs customers:read)")
    Page<CustomerSummary> search(
            @RequestParam String q,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
            @RequestParam @Nullable String cursor) {
        return customers.search(q, cursor, limit);
    }

    @GetMapping("/lookup")
    @Operation(summary = "The customer holding an identifier, or 404 (needs customers:read)")
    CustomerView lookup(@RequestParam String type, @RequestParam String value) {
        return customers.lookup(IdentifierType.parse(type), value);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A customer; an id merged away answers with the survivor (needs customers:read)")
    CustomerView get(@PathVariable UUID id) {
        return customers.customer(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Set traits; a null value removes one (needs customers:write)")
    CustomerView updateTraits(@PathVariable UUID id, @Valid @RequestBody UpdateTraits command) {
        return customers.updateTraits(id, command);
    }

    @PostMapping("/{id}/identifiers")
    @Operation(
            summary = "Add an identifier; a verified one held by another customer merges them (needs"
                    + " customers:write, and customers:merge when it merges)")
    AddedIdentifier addIdentifier(@PathVariable UUID id, @Valid @RequestBody AddIdentifier command) {
        return customers.addIdentifier(id, command);
    }

    @GetMapping("/{id}/links")
    @Operation(summary = "Why each identifier belongs to the customer (needs customers:read)")
    List<LinkView> links(@PathVariable UUID id) {
        return customers.links(id);
    }

    @GetMapping("/{id}/merges")
    @Operation(summary = "Merges the customer took part in (needs customers:read)")
    List<MergeView> merges(@PathVariable UUID id) {
        return customers.merges(id);
    }

    @GetMapping("/{id}/conflicts")
    @Operation(summary = "Identity conflicts left for a person to decide (needs customers:read)")
    List<ConflictView> conflicts(@PathVariable UUID id) {
        return customers.conflicts(id);
    }

    @GetMapping("/{id}/timeline")
    @Operation(summary = "Everything about the person across modules, newest first (needs customers:read)")
    Page<TimelineEntry> timeline(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") Set<String> channel,
            @RequestParam(defaultValue = "") Set<String> kind,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam @Nullable String cursor) {
        Set<ChannelType> channels = new java.util.LinkedHashSet<>();
        channel.stream().filter(c -> !c.isBlank()).map(ChannelType::parse).forEach(channels::add);
        return customers.timeline(
                id,
                channels,
                kind.stream().filter(k -> !k.isBlank()).collect(java.util.stream.Collectors.toSet()),
                cursor,
                limit);
    }

    @PostMapping("/merges")
    @Operation(summary = "Merge two customers (needs customers:merge)")
    ResponseEntity<MergeView> merge(@Valid @RequestBody MergeCustomers command) {
        MergeView merge = customers.merge(command);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + merge.survivorId() + "/merges"))
                .body(merge);
    }

    @PostMapping("/merges/{mergeId}/undo")
    @Operation(summary = "Undo a merge: identifiers, traits and events go back (needs customers:merge)")
    MergeView undo(@PathVariable UUID mergeId) {
        return customers.undoMerge(mergeId);
    }

    @GetMapping("/{id}/export")
    @Operation(summary = "Everything Oneplace holds about the person, as JSON (needs customers:export; audited)")
    ResponseEntity<Map<String, Object>> export(@PathVariable UUID id) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Content-Disposition", "attachment; filename=\"customer-" + id + ".json\"")
                .body(customers.export(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Erase the person's data everywhere; repeat the id in ?confirm= (needs customers:erase)")
    void erase(@PathVariable UUID id, @RequestParam @Nullable String confirm) {
        customers.erase(id, confirm);
    }
}
