package org.tocsin.membership;

/** What a person may do. The first four are held by people of member organisations, the rest by the authority's staff. */
public enum Role {
    EXECUTIVE(false), SECURITY_LEAD(false), ANALYST(false), ORG_ADMIN(false),
    AUTHOR(true), APPROVER(true), ADMIN(true), AUDITOR(true);

    private final boolean authority;

    Role(boolean authority) {
        this.authority = authority;
    }

    /** Whether only people of the authority may hold this role. */
    public boolean isAuthorityRole() {
        return authority;
    }
}
