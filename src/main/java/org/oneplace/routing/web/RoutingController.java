package org.oneplace.routing.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.routing.CreateSlaPolicy;
import org.oneplace.routing.RoutingService;
import org.oneplace.routing.SlaPolicyView;
import org.oneplace.routing.SlaView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Routing and SLAs")
class RoutingController {

    private final RoutingService routing;

    RoutingController(RoutingService routing) {
        this.routing = routing;
    }

    @PostMapping("/sla-policies")
    @Operation(
            summary = "Create an SLA policy {name, teamId?, firstResponse, nextResponse?, resolution? (ISO-8601"
                    + " durations), timezone?, businessHours? {mon: \"09:00-17:00\", …}, holidays?} (needs"
                    + " routing:manage)")
    ResponseEntity<SlaPolicyView> create(@Valid @RequestBody CreateSlaPolicy command) {
        return ResponseEntity.status(HttpStatus.CREATED).body(routing.createPolicy(command));
    }

    @GetMapping("/sla-policies")
    @Operation(summary = "SLA policies (needs routing:manage or conversations:read)")
    Map<String, List<SlaPolicyView>> policies() {
        return Map.of("items", routing.policies());
    }

    @GetMapping("/conversations/{id}/sla")
    @Operation(summary = "A conversation's SLA clocks: each target pending, met or breached (needs conversations:read)")
    SlaView sla(@PathVariable UUID id) {
        return routing.sla(id);
    }
}
