package org.oneplace.consent.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.ConsentView;
import org.oneplace.consent.SetConsent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{id}/consents")
@Tag(name = "Consent")
class ConsentController {

    private final ConsentService consents;

    ConsentController(ConsentService consents) {
        this.consents = consents;
    }

    @GetMapping
    @Operation(summary = "Current consent per channel and purpose (needs customers:read)")
    List<ConsentView> current(@PathVariable UUID id) {
        return consents.current(id);
    }

    @GetMapping("/history")
    @Operation(summary = "Every consent choice recorded, newest first (needs customers:read)")
    List<ConsentView> history(@PathVariable UUID id) {
        return consents.history(id);
    }

    @PutMapping
    @Operation(summary = "Record a consent choice; answers the current consents (needs customers:write)")
    List<ConsentView> set(@PathVariable UUID id, @Valid @RequestBody SetConsent command) {
        return consents.set(id, command);
    }
}
