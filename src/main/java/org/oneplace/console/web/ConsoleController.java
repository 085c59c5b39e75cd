package org.oneplace.console.web;

import java.util.Map;
import org.oneplace.staff.Permission;
import org.oneplace.staff.StaffPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Sign-in, the home page and the product's sections. */
@Controller
class ConsoleController {

    /** The sections of the product, in navigation order, with what each will hold. */
    static final Map<String, String> SECTIONS =
            Map.of("analytics", "Traffic, session length, conversion and return rate per channel — coming.");

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /** Each role's home: agents the inbox, marketers marketing, associates the store; never a 403 first. */
    @GetMapping("/")
    String home() {
        StaffPrincipal me = StaffPrincipal.current();
        if (me == null || me.can(Permission.CONVERSATIONS_READ)) {
            return "redirect:/inbox";
        }
        if (me.can(Permission.MARKETING_MANAGE)) {
            return "redirect:/marketing";
        }
        if (me.can(Permission.INVENTORY_MANAGE)) {
            return "redirect:/store";
        }
        return me.can(Permission.CUSTOMERS_READ) ? "redirect:/customers" : "redirect:/analytics";
    }

    @GetMapping("/{section:analytics}")
    String section(@PathVariable String section, Model model) {
        model.addAttribute("section", section);
        model.addAttribute("description", SECTIONS.get(section));
        return "section";
    }
}
