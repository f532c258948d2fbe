package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on standard error: share done, rate and time left. */
final class Progress {

    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final long started = System.nanoTime();
    // Nothing is drawn in the first fifth of a second: a quick sweep shows no bar at all.
    private long shown = started;
    private boolean drawn;

    Progress(PrintWriter err) {
        this.err = err;
    }

    void show(long done, long total) {
        long now = System.nanoTime();
        if (now - shown < EVERY_NANOS) {
            return;
        }
        shown = now;
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String line;
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            double left = rate > 0 ? (total - done) / rate : 0;
            line = String.format(Locale.ROOT, "\r[%s%s] %3d%% %6.0f MB/s %4.0f s left ", "#".repeat(filled),
                    " ".repeat(width - filled), 100 * done / total, rate / 1e6, left);
        } else {
            line = String.format(Locale.ROOT, "\r%,d MB read, %6.0f MB/s ", done / 1_000_000, rate / 1e6);
        }
        err.print(line);
        err.flush();
        drawn = true;
    }

    void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
