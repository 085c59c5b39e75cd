package org.oneplace.staff.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Page;
import org.oneplace.staff.ApiTokenService;
import org.oneplace.staff.ApiTokenView;
import org.oneplace.staff.CreateApiToken;
import org.oneplace.staff.CreatedApiToken;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/tokens")
@Tag(name = "Staff")
class ApiTokenController {

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    @Operation(summary = "List API tokens, without their secrets (needs tokens:manage)")
    Page<ApiTokenView> list(
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit, @RequestParam @Nullable String cursor) {
        return tokens.tokens(cursor, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One API token, without its secret (needs tokens:manage)")
    ApiTokenView get(@PathVariable UUID id) {
        return tokens.token(id);
    }

    @PostMapping
    @Operation(
            summary = "Create an API token for yourself (needs tokens:manage)",
            description = "The answer carries the secret once; only its hash is kept. Scopes cannot exceed yours.")
    ResponseEntity<CreatedApiToken> create(@Valid @RequestBody CreateApiToken command) {
        CreatedApiToken created = tokens.create(command);
        return ResponseEntity.created(
                        URI.create("/api/v1/tokens/" + created.token().id()))
                .body(created);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API token; it stops working at once (needs tokens:manage)")
    ApiTokenView revoke(@PathVariable UUID id) {
        return tokens.revoke(id);
    }
}
