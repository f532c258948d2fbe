package org.tocsin.membership;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** Someone who belongs to exactly one organisation. The username is their e-mail address. */
public record Person(UUID id, UUID organisationId, String username, String displayName, PersonStatus status,
        Set<Role> roles, OffsetDateTime createdAt, OffsetDateTime lastActiveAt) {

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The roles as people read them, in a stable order, for pages. */
    public String roleLabels() {
        return roles.stream().sorted().map(Role::label).collect(java.util.stream.Collectors.joining(", "));
    }
}
