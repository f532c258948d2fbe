package org.tocsin.cli.sweep;

/** An indicator value that is not a value of its type; the message says why. */
public final class InvalidIndicatorException extends Exception {

    InvalidIndicatorException(String message) {
        super(message, null, false, false);
    }
}
