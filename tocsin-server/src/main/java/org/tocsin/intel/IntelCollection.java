package org.tocsin.intel;

import java.util.UUID;

/**
 * A collection of STIX objects, as one caller sees it.
 *
 * @param canRead whether the caller may read its objects
 * @param canWrite whether the caller may add objects to it
 */
public record IntelCollection(UUID id, Kind kind, String sector, UUID organisationId, String title, String description,
        boolean canRead, boolean canWrite) {

    /** What a collection is for, which decides who may use it. */
    public enum Kind {
        /** Read by every member; written by the authority. */
        ALL_MEMBERS,
        /** Read by the members of one sector and the authority; written by the authority. */
        SECTOR,
        /** Written by members, read by the authority. */
        SUBMISSIONS,
        /** One organisation's own: read and written by its people only. */
        ORGANISATION
    }

    /** Whether TLP:AMBER+STRICT may be stored here: only where nobody outside the owning organisation reads. */
    boolean holdsStrict() {
        return kind == Kind.ORGANISATION;
    }
}
