package org.oneplace.console.web;

import org.jspecify.annotations.Nullable;
import org.oneplace.staff.Permission;
import org.oneplace.staff.StaffPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page needs to draw the navigation: who is signed in and which sections they may open. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("me")
    @Nullable
    StaffPrincipal me() {
        return StaffPrincipal.current();
    }

    /** The sections the signed-in person can use: the navigation shows only these. */
    @ModelAttribute("can")
    java.util.Map<String, Boolean> can() {
        StaffPrincipal me = StaffPrincipal.current();
        return java.util.Map.of(
                "inbox", me != null && me.can(Permission.CONVERSATIONS_READ),
                "customers", me != null && me.can(Permission.CUSTOMERS_READ),
                "store", me != null && me.can(Permission.ORDERS_WRITE) && me.can(Permission.CUSTOMERS_READ),
                "analytics", me != null && me.can(Permission.ANALYTICS_READ));
    }

    @ModelAttribute("canMarketing")
    boolean canMarketing() {
        StaffPrincipal me = StaffPrincipal.current();
        return me != null && me.can(Permission.MARKETING_READ);
    }

    @ModelAttribute("canSettings")
    boolean canSettings() {
        StaffPrincipal me = StaffPrincipal.current();
        return me != null
                && (me.can(Permission.USERS_READ)
                        || me.can(Permission.TOKENS_MANAGE)
                        || me.can(Permission.WRITE_KEYS_MANAGE)
                        || me.can(Permission.CHANNELS_MANAGE)
                        || me.can(Permission.WEBHOOKS_MANAGE)
                        || me.can(Permission.IMPORTS_RUN));
    }
}
