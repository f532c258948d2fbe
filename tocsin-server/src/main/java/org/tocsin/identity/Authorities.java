package org.tocsin.identity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.tocsin.membership.Person;

/**
 * The authorities a request can carry. Access rules are written against these names:
 * {@code hasAuthority('MEMBER')} for anyone fully signed in, {@code hasRole('ADMIN')} and so on
 * for roles.
 */
public final class Authorities {

    /** Signed in with both factors, or holding a valid token, as an active person of an approved organisation. */
    public static final String MEMBER = "MEMBER";
    /** Passed the password step only; may do nothing but complete the second factor. */
    public static final String FACTOR_PASSWORD = "FACTOR_PASSWORD";
    /** Authenticated by a personal API token. */
    public static final String TOKEN = "TOKEN";
    /** Authenticated by a read-only token: may not change anything. */
    public static final String READ_ONLY = "READ_ONLY";

    private Authorities() {}

    static List<GrantedAuthority> of(Person person, String... extra) {
        var authorities = new ArrayList<GrantedAuthority>();
        authorities.add(new SimpleGrantedAuthority(MEMBER));
        person.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        for (var e : extra) {
            authorities.add(new SimpleGrantedAuthority(e));
        }
        return authorities;
    }
}
