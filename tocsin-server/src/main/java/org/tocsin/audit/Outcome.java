package org.tocsin.audit;

/** Whether an audited action was allowed and done, or refused. */
public enum Outcome {
    SUCCESS, FAILURE, DENIED
}
