package org.tocsin.advisory;

/**
 * How far a recipient has come with their copy: delivered at publication, viewed when they first
 * open it signed in, acknowledged by their explicit action. Opening an e-mail never counts.
 */
public enum RecipientState {
    DELIVERED, VIEWED, ACKNOWLEDGED
}
