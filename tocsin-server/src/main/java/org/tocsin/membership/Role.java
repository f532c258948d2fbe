package org.tocsin.membership;

/** What a person may do. The first four are held by people of member organisations, the rest by the authority's staff. */
public enum Role {
    EXECUTIVE(false, "Executive"), SECURITY_LEAD(false, "Security lead"), ANALYST(false, "Analyst"),
    ORG_ADMIN(false, "Organisation admin"),
    AUTHOR(true, "Author"), APPROVER(true, "Approver"), ADMIN(true, "Administrator"), AUDITOR(true, "Auditor");

    private final boolean authority;
    private final String label;

    Role(boolean authority, String label) {
        this.authority = authority;
        this.label = label;
    }

    /** The role's name as people read it, for pages. */
    public String label() {
        return label;
    }

    /** Whether only people of the authority may hold this role. */
    public boolean isAuthorityRole() {
        return authority;
    }
}
