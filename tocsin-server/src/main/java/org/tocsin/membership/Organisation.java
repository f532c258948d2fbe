package org.tocsin.membership;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A member organisation, or the authority itself ({@code authority} true). */
public record Organisation(UUID id, String name, OrganisationStatus status, boolean authority, List<String> sectors,
        UUID sponsorId, OffsetDateTime appliedAt, OffsetDateTime approvedAt, OffsetDateTime suspendedAt) {

    public boolean isApproved() {
        return status == OrganisationStatus.APPROVED;
    }
}
