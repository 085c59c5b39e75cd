package org.oneplace.console.web;

import jakarta.validation.ConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAdmin;
import org.oneplace.channel.ChannelView;
import org.oneplace.channel.CreateChannel;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.staff.ApiTokenService;
import org.oneplace.staff.CreateApiToken;
import org.oneplace.staff.CreateUser;
import org.oneplace.staff.CreateWriteKey;
import org.oneplace.staff.CreatedApiToken;
import org.oneplace.staff.CreatedUser;
import org.oneplace.staff.PasswordResetService;
import org.oneplace.staff.PasswordResetView;
import org.oneplace.staff.Permission;
import org.oneplace.staff.Role;
import org.oneplace.staff.StaffPrincipal;
import org.oneplace.staff.StaffService;
import org.oneplace.staff.UpdateUser;
import org.oneplace.staff.WriteKeyService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings: users, roles and password resets, API tokens, tracking write keys. Each action goes through the staff services, which
 * check permissions and audit; a broken rule comes back as a message on the page.
 */
@Controller
@RequestMapping("/settings")
class SettingsController {

    private static final int PAGE = 200;

    private final StaffService staff;
    private final PasswordResetService passwordResets;
    private final ApiTokenService tokens;
    private final WriteKeyService writeKeys;
    private final ChannelAdmin channels;
    private final Clock clock;

    SettingsController(
            StaffService staff,
            PasswordResetService passwordResets,
            ApiTokenService tokens,
            WriteKeyService writeKeys,
            ChannelAdmin channels,
            Clock clock) {
        this.staff = staff;
        this.passwordResets = passwordResets;
        this.tokens = tokens;
        this.writeKeys = writeKeys;
        this.channels = channels;
        this.clock = clock;
    }

    @GetMapping("/channels")
    String channels(Model model) {
        model.addAttribute("channels", channels.list());
        model.addAttribute("types", channels.types().stream().sorted().toList());
        return "settings/channels";
    }

    /**
     * Connects a channel account; settings come as {@code key=value} lines. Secrets typed here are stored and never
     * shown again.
     */
    @PostMapping("/channels")
    String createChannel(
            @RequestParam String type,
            @RequestParam String name,
            @RequestParam(defaultValue = "") String settings,
            RedirectAttributes redirect) {
        try {
            java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String line : settings.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 1) {
                    throw new InvalidValueException(
                            "Write each setting as key=value; '" + line.strip() + "' has no '='.");
                }
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
            ChannelView created = channels.create(new CreateChannel(ChannelType.parse(type), name, values));
            redirect.addFlashAttribute(
                    "notice", "Connected " + created.name() + ". Give the provider " + created.webhookUrl() + ".");
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/channels";
    }

    @GetMapping
    String settings() {
        StaffPrincipal me = StaffPrincipal.current();
        if (me != null && !me.can(Permission.USERS_READ) && me.can(Permission.TOKENS_MANAGE)) {
            return "redirect:/settings/tokens";
        }
        return "redirect:/settings/users";
    }

    @GetMapping("/users")
    String users(Model model) {
        model.addAttribute("users", staff.users(null, PAGE).items());
        model.addAttribute("roles", Role.values());
        return "settings/users";
    }

    @PostMapping("/users")
    String createUser(
            @RequestParam String email,
            @RequestParam String displayName,
            @RequestParam(required = false) @Nullable List<Role> roles,
            @RequestParam(required = false) @Nullable String password,
            RedirectAttributes redirect) {
        try {
            CreatedUser created = staff.createUser(new CreateUser(
                    email, displayName, roles == null ? Set.of() : EnumSet.copyOf(roles), blankToNull(password)));
            redirect.addFlashAttribute("notice", "Added " + created.user().email() + ".");
            if (created.initialPassword() != null) {
                redirect.addFlashAttribute("secret", created.initialPassword());
                redirect.addFlashAttribute(
                        "secretLabel", "Initial password of " + created.user().email());
            }
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/users/{id}")
    String updateUser(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable List<Role> roles,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        try {
            if (roles == null || roles.isEmpty()) {
                throw new InvalidValueException("A user needs at least one role.");
            }
            var user = staff.updateUser(id, new UpdateUser(null, EnumSet.copyOf(roles), enabled, null));
            redirect.addFlashAttribute("notice", "Saved " + user.email() + ".");
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/users";
    }

    /** Makes a user choose a new password: the old one stops working, a link goes to them by e-mail. */
    @PostMapping("/users/{id}/password-reset")
    String forcePasswordReset(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            PasswordResetView reset = passwordResets.force(id);
            String email = reset.email();
            if (reset.emailSent()) {
                redirect.addFlashAttribute(
                        "notice", "Sent " + email + " a link to choose a new password; the old one no longer works.");
            } else {
                redirect.addFlashAttribute(
                        "error",
                        "The old password of " + email + " no longer works, but the e-mail with the link could not be"
                                + " sent: check the mail server settings (SPRING_MAIL_HOST, ONEPLACE_PUBLIC_URL) and"
                                + " send the reset again.");
            }
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/users";
    }

    @GetMapping("/tokens")
    String tokens(Model model) {
        Instant now = clock.instant();
        model.addAttribute("tokens", tokens.tokens(null, PAGE).items());
        model.addAttribute("now", now);
        StaffPrincipal me = StaffPrincipal.current();
        model.addAttribute(
                "scopes",
                me == null ? List.of() : me.permissions().stream().sorted().toList());
        return "settings/tokens";
    }

    @PostMapping("/tokens")
    String createToken(
            @RequestParam String name,
            @RequestParam(required = false) @Nullable List<Permission> scopes,
            RedirectAttributes redirect) {
        try {
            CreatedApiToken created =
                    tokens.create(new CreateApiToken(name, scopes == null ? Set.of() : EnumSet.copyOf(scopes), null));
            redirect.addFlashAttribute(
                    "notice", "Created the token '" + created.token().name() + "'.");
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute(
                    "secretLabel", "Token '" + created.token().name() + "'");
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/tokens";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revokeToken(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(
                    "notice", "Revoked the token '" + tokens.revoke(id).name() + "'.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/tokens";
    }

    @GetMapping("/write-keys")
    String writeKeys(Model model) {
        model.addAttribute("writeKeys", writeKeys.writeKeys(null, PAGE).items());
        model.addAttribute("sources", ChannelType.values());
        return "settings/write-keys";
    }

    @PostMapping("/write-keys")
    String createWriteKey(
            @RequestParam String name,
            @RequestParam ChannelType source,
            @RequestParam(defaultValue = "") String allowedOrigins,
            RedirectAttributes redirect) {
        try {
            List<String> origins = Arrays.stream(allowedOrigins.split("[\\s,]+"))
                    .filter(o -> !o.isBlank())
                    .toList();
            var created = writeKeys.create(new CreateWriteKey(name, source, origins));
            redirect.addFlashAttribute("notice", "Created the write key '" + created.name() + "'.");
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/write-keys";
    }

    @PostMapping("/write-keys/{id}/revoke")
    String revokeWriteKey(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(
                    "notice", "Revoked the write key '" + writeKeys.revoke(id).name() + "'.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/write-keys";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
