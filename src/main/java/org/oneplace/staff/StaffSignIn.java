package org.oneplace.staff;

import java.util.Locale;
import java.util.Optional;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.UserRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checks a user's email and password for the console's sign-in. */
@Service
public class StaffSignIn {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final String dummyHash;

    StaffSignIn(UserRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
        this.dummyHash = passwords.encode("not-a-password-anyone-has");
    }

    /**
     * The principal for these credentials, or empty when the email is unknown, the password wrong or the user
     * disabled. The three cases take the same time and give the same answer, so sign-in reveals no accounts.
     */
    @Transactional(readOnly = true)
    public Optional<StaffPrincipal> signIn(String email, String password) {
        Optional<StoredUser> user = users.findByEmail(email.trim().toLowerCase(Locale.ROOT));
        boolean matches =
                passwords.matches(password, user.map(StoredUser::passwordHash).orElse(dummyHash));
        return user.filter(u -> matches && u.enabled())
                .map(u -> new StaffPrincipal(u.id(), u.email(), null, null, Role.permissionsOf(u.roles())));
    }
}
