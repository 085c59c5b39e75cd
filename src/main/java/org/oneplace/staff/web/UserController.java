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
import org.oneplace.staff.CreateUser;
import org.oneplace.staff.CreatedUser;
import org.oneplace.staff.PasswordResetService;
import org.oneplace.staff.PasswordResetView;
import org.oneplace.staff.StaffService;
import org.oneplace.staff.UpdateUser;
import org.oneplace.staff.UserView;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
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
@RequestMapping("/api/v1/users")
@Tag(name = "Staff", description = "Users, API tokens and tracking write keys")
class UserController {

    private final StaffService staff;
    private final PasswordResetService passwordResets;

    UserController(StaffService staff, PasswordResetService passwordResets) {
        this.staff = staff;
        this.passwordResets = passwordResets;
    }

    @GetMapping
    @Operation(summary = "List staff users (needs users:read)")
    Page<UserView> list(
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit, @RequestParam @Nullable String cursor) {
        return staff.users(cursor, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One staff user (needs users:read)")
    UserView get(@PathVariable UUID id) {
        return staff.user(id);
    }

    @PostMapping
    @Operation(
            summary = "Add a staff user (needs users:manage)",
            description = "Without a password, a strong one is generated and returned once as initialPassword.")
    ResponseEntity<CreatedUser> create(@Valid @RequestBody CreateUser command) {
        CreatedUser created = staff.createUser(command);
        return ResponseEntity.created(
                        URI.create("/api/v1/users/" + created.user().id()))
                .body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a user's name, roles, password or enabled flag (needs users:manage)")
    UserView update(@PathVariable UUID id, @Valid @RequestBody UpdateUser command) {
        return staff.updateUser(id, command);
    }

    @PostMapping("/{id}/password-reset")
    @Operation(
            summary = "Make a user choose a new password (needs users:manage)",
            description = "Their current password stops working at once and their console sessions end; a one-time"
                    + " link to choose a new one is e-mailed to them (emailSent says whether the mail server took it).")
    ResponseEntity<PasswordResetView> forcePasswordReset(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(passwordResets.force(id));
    }
}
