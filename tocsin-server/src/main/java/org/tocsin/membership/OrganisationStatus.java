package org.tocsin.membership;

/** An organisation applies, is approved (admitted), may be suspended and reinstated (approved again). */
public enum OrganisationStatus {
    APPLIED, APPROVED, SUSPENDED
}
