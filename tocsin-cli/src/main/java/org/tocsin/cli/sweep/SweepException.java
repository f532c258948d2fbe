package org.tocsin.cli.sweep;

/** A sweep that cannot go on: an unreadable log, a log of no format sweep knows. */
public final class SweepException extends Exception {

    public SweepException(String message) {
        super(message, null, false, false);
    }
}
