package org.tocsin.advisory;

/** What a recipient reports about one recommended action. */
public enum ActionStatus {
    NOT_STARTED, IN_PROGRESS, DONE, NOT_APPLICABLE
}
