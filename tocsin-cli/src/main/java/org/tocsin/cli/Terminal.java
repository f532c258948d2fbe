package org.tocsin.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the command knows about where its standard error goes: a progress bar is drawn only on a
 * terminal, never into a file or a pipe.
 *
 * @param stderrIsTerminal whether standard error is a terminal
 */
record Terminal(boolean stderrIsTerminal) {

    static final Terminal NONE = new Terminal(false);

    /** The process's own standard error, as far as Java can tell. */
    static Terminal ofProcess() {
        // Java 17 cannot ask isatty(2); on Linux the descriptor's link names the device.
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return new Terminal(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty"));
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // fall through to the console test
        }
        return new Terminal(System.console() != null);
    }
}
