package org.tocsin.cli;

/**
 * Ends a command with an exit code and a message for the person at the terminal. The message is
 * printed on its own, so it must say what went wrong and what to do about it; the stack trace is
 * never shown, so none is recorded.
 */
final class Failure extends RuntimeException {

    private final int exitCode;

    Failure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
