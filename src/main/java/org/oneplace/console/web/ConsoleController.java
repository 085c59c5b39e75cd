package org.oneplace.console.web;

import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Sign-in, the home page and the product's sections. */
@Controller
class ConsoleController {

    /** The sections of the product, in navigation order, with what each will hold. */
    static final Map<String, String> SECTIONS = Map.of(
            "marketing", "Triggers, templates, segments and sends under consent — coming.",
            "analytics", "Traffic, session length, conversion and return rate per channel — coming.");

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/inbox";
    }

    @GetMapping("/{section:marketing|analytics}")
    String section(@PathVariable String section, Model model) {
        model.addAttribute("section", section);
        model.addAttribute("description", SECTIONS.get(section));
        return "section";
    }
}
