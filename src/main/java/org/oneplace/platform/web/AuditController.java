package org.oneplace.platform.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditEntryView;
import org.oneplace.platform.AuditLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the audit log; there is deliberately no way to change it. */
@RestController
@Validated
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('audit:read')")
    @Operation(summary = "Recent audit entries, newest first, optionally for one object (needs audit:read)")
    List<AuditEntryView> recent(
            @RequestParam @Nullable String objectType,
            @RequestParam @Nullable String objectId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return audit.recent(objectType, objectId, limit);
    }
}
