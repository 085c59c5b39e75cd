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
import org.oneplace.staff.CreateWriteKey;
import org.oneplace.staff.UpdateWriteKey;
import org.oneplace.staff.WriteKeyService;
import org.oneplace.staff.WriteKeyView;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/write-keys")
@Tag(name = "Staff")
class WriteKeyController {

    private final WriteKeyService writeKeys;

    WriteKeyController(WriteKeyService writeKeys) {
        this.writeKeys = writeKeys;
    }

    @GetMapping
    @Operation(summary = "List tracking write keys (needs write-keys:manage)")
    Page<WriteKeyView> list(
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit, @RequestParam @Nullable String cursor) {
        return writeKeys.writeKeys(cursor, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One write key (needs write-keys:manage)")
    WriteKeyView get(@PathVariable UUID id) {
        return writeKeys.writeKey(id);
    }

    @PostMapping
    @Operation(summary = "Create a write key for a tracking source such as web, app or store (needs write-keys:manage)")
    ResponseEntity<WriteKeyView> create(@Valid @RequestBody CreateWriteKey command) {
        WriteKeyView created = writeKeys.create(command);
        return ResponseEntity.created(URI.create("/api/v1/write-keys/" + created.id()))
                .body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename a write key or change the browser origins allowed to use it (needs write-keys:manage)")
    WriteKeyView rename(@PathVariable UUID id, @Valid @RequestBody UpdateWriteKey command) {
        return writeKeys.rename(id, command);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a write key; events sent with it are refused from then on (needs write-keys:manage)")
    WriteKeyView revoke(@PathVariable UUID id) {
        return writeKeys.revoke(id);
    }
}
