package org.tocsin.membership;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** An open invitation for someone to join an organisation with the given roles. */
public record Invitation(UUID id, UUID organisationId, String email, String displayName, Set<Role> roles,
        OffsetDateTime createdAt, OffsetDateTime expiresAt) {}
