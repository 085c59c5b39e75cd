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

    @ModelAttribute("canSettings")
    boolean canSettings() {
        StaffPrincipal me = StaffPrincipal.current();
        return me != null
                && (me.can(Permission.USERS_READ)
                        || me.can(Permission.TOKENS_MANAGE)
                        || me.can(Permission.WRITE_KEYS_MANAGE)
                        || me.can(Permission.CHANNELS_MANAGE));
    }
}
