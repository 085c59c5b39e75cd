package org.oneplace.staff;

import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.EmailAddress;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Creates the first admin, and the API token and write key automated setups ask for, on start — once. Runs under a
 * database advisory lock so that several nodes starting together create each thing once.
 */
@Component
@Order(0)
@EnableConfigurationProperties(StaffProperties.class)
class StaffBootstrap implements ApplicationRunner {

    static final String DEFAULT_ADMIN_EMAIL = "admin@oneplace.local";
    private static final Logger log = LoggerFactory.getLogger(StaffBootstrap.class);

    private final StaffProperties.Bootstrap settings;
    private final UserRepository users;
    private final StaffService staff;
    private final ApiTokenService tokens;
    private final WriteKeyService writeKeys;
    private final TransactionTemplate transaction;

    StaffBootstrap(
            StaffProperties properties,
            UserRepository users,
            StaffService staff,
            ApiTokenService tokens,
            WriteKeyService writeKeys,
            TransactionTemplate transaction) {
        this.settings = properties.bootstrap();
        this.users = users;
        this.staff = staff;
        this.tokens = tokens;
        this.writeKeys = writeKeys;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        transaction.executeWithoutResult(status -> {
            users.lockBootstrap();
            StoredUser admin = ensureAdmin();
            ensureApiToken(admin);
            ensureWriteKey();
        });
    }

    private StoredUser ensureAdmin() {
        String configured = settings.adminEmail();
        String email =
                StringUtils.hasText(configured) ? EmailAddress.of(configured).value() : DEFAULT_ADMIN_EMAIL;
        Optional<StoredUser> existing = users.findByEmail(email);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!StringUtils.hasText(configured) && users.anyUser()) {
            // Users exist and no admin was named: nothing to create; the token (if asked for) goes to an admin.
            return users.anyEnabledAdmin()
                    .orElseThrow(() -> new IllegalStateException("There is no enabled admin to own the bootstrap"
                            + " API token; set ONEPLACE_BOOTSTRAP_ADMIN_EMAIL."));
        }
        @Nullable String password = settings.adminPassword();
        if (StringUtils.hasText(password) && password.length() < 12) {
            throw new IllegalStateException("ONEPLACE_BOOTSTRAP_ADMIN_PASSWORD must have at least 12 characters.");
        }
        CreatedUser created = staff.create(new CreateUser(
                email, "Administrator", Set.of(Role.ADMIN), StringUtils.hasText(password) ? password : null));
        if (created.initialPassword() != null) {
            // Printed this once, by design: the operator has no other way to learn it. It is never logged again.
            log.warn("""

                    ================================================================
                     Oneplace created the first admin. Sign in at / with
                       email:    {}
                       password: {}
                     Change it under Settings → Users. This is shown only once.
                    ================================================================""", email, created.initialPassword());
        } else {
            log.info("Created the bootstrap admin {}", email);
        }
        return users.findByEmail(email).orElseThrow();
    }

    private void ensureApiToken(StoredUser admin) {
        String secret = settings.apiToken();
        if (!StringUtils.hasText(secret) || tokens.exists(secret)) {
            return;
        }
        if (secret.length() < 20) {
            throw new IllegalStateException("ONEPLACE_BOOTSTRAP_API_TOKEN must have at least 20 characters.");
        }
        tokens.issue(admin.id(), new CreateApiToken("bootstrap", Role.ADMIN.permissions(), null), secret);
        log.info("Created the bootstrap API token for {}", admin.email());
    }

    private void ensureWriteKey() {
        String key = settings.writeKey();
        if (!StringUtils.hasText(key) || writeKeys.exists(key)) {
            return;
        }
        writeKeys.issue(new CreateWriteKey("bootstrap (web)", ChannelType.WEB), key);
        log.info("Created the bootstrap write key for the web source");
    }
}
