package org.tocsin.advisory;

/**
 * Where an advisory is in its life: a draft goes into review, is approved by somebody who did not
 * write it, and is published; a published advisory may be revised (its next version starts as a
 * draft while the published one stays with its readers) or withdrawn, which is final.
 */
public enum Status {
    DRAFT, IN_REVIEW, APPROVED, PUBLISHED, WITHDRAWN
}
