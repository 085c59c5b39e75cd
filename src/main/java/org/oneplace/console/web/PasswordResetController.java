package org.oneplace.console.web;

import jakarta.servlet.http.HttpServletResponse;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.staff.PasswordResetService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Forgotten passwords, for people who are not signed in: asking for a link by e-mail (the answer is the same whether
 * or not the address has an account), and choosing a new password with that link. The link's page holds its
 * one-time token, so it is never cached and never sent on as a {@code Referer}.
 */
@Controller
@RequestMapping("/password-reset")
class PasswordResetController {

    private final PasswordResetService resets;

    PasswordResetController(PasswordResetService resets) {
        this.resets = resets;
    }

    /** The form asking for the e-mail address; {@code ?sent} shows what happens next instead. */
    @GetMapping(params = "!token")
    String ask() {
        return "password-reset/ask";
    }

    @PostMapping
    String request(@RequestParam String email) {
        resets.request(email);
        return "redirect:/password-reset?sent";
    }

    /** The page the e-mailed link opens: the form for the new password, or why the link no longer works. */
    @GetMapping(params = "token")
    String choose(@RequestParam String token, Model model, HttpServletResponse response) {
        holdsASecret(response);
        boolean works = resets.linkWorks(token);
        if (!works) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        model.addAttribute("token", token);
        model.addAttribute("linkWorks", works);
        return "password-reset/choose";
    }

    @PostMapping("/new")
    String reset(
            @RequestParam String token,
            @RequestParam String password,
            @RequestParam String repeat,
            Model model,
            HttpServletResponse response) {
        holdsASecret(response);
        try {
            if (!password.equals(repeat)) {
                throw new InvalidValueException("The two passwords differ; type the same one twice.");
            }
            resets.reset(token, password);
            return "redirect:/login?reset";
        } catch (DomainException | IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("token", token);
            model.addAttribute("linkWorks", resets.linkWorks(token));
            return "password-reset/choose";
        }
    }

    private static void holdsASecret(HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
