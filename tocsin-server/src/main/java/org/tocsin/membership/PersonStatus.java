package org.tocsin.membership;

/** Only an active person of an approved organisation may sign in or use a token. */
public enum PersonStatus {
    ACTIVE, SUSPENDED, REMOVED
}
