package org.tocsin.identity;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

/**
 * Creates the authority's organisation and its first administrator from explicit settings
 * ({@code TOCSIN_BOOTSTRAP_ADMIN_EMAIL}, {@code TOCSIN_BOOTSTRAP_ADMIN_PASSWORD}, optionally
 * {@code TOCSIN_BOOTSTRAP_AUTHORITY_NAME}), once, on a database that has no authority yet. There
 * is no built-in account: without these settings an empty production database has no way in, by
 * design. The administrator enrols a second factor at first sign-in.
 */
@Component
@Order(10)
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Membership membership;
    private final Credentials credentials;
    private final TransactionTemplate tx;
    private final String email;
    private final String password;
    private final String authorityName;

    Bootstrap(Membership membership, Credentials credentials, TransactionTemplate tx,
            @Value("${tocsin.bootstrap.admin-email:}") String email,
            @Value("${tocsin.bootstrap.admin-password:}") String password,
            @Value("${tocsin.bootstrap.authority-name:National Protective Security Authority}") String authorityName) {
        this.membership = membership;
        this.credentials = credentials;
        this.tx = tx;
        this.email = email;
        this.password = password;
        this.authorityName = authorityName;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email.isBlank() || membership.authority().isPresent()) {
            return;
        }
        if (password.isBlank()) {
            throw new IllegalStateException("TOCSIN_BOOTSTRAP_ADMIN_EMAIL is set but TOCSIN_BOOTSTRAP_ADMIN_PASSWORD is not");
        }
        tx.executeWithoutResult(status -> {
            var authority = membership.createAuthority(authorityName);
            var admin = membership.addPerson(authority.id(), email, "Administrator", Set.of(Role.ADMIN));
            credentials.setPassword(admin.id(), admin.username(), password);
        });
        log.info("Created the authority '{}' and its first administrator {}", authorityName, email);
    }
}
