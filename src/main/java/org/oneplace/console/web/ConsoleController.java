package org.oneplace.console.web;

import org.oneplace.staff.Permission;
import org.oneplace.staff.StaffPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in and the home page, which sends each role where its work is. */
@Controller
class ConsoleController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /**
     * Each role's home: agents the inbox, marketers marketing, associates the store, analysts the analytics; never a
     * 403 first.
     */
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
}
