package org.tocsin.cli.sweep;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/** What a thread found in one chunk of a log; line numbers count from the chunk's first line. */
final class Chunk {

    /** A match on the chunk's {@code line}-th line (1-based), written at {@code seen} (epoch ms) or {@link LogTime#UNKNOWN}. */
    record Found(long line, int entry, String observed, long seen) {
    }

    final List<Found> found = new ArrayList<>();
    long bytes;
    long lines;
    long malformed;
    long binary;
    long tooLong;
    long matchedLines;
    boolean closing;
    Closeable closes;

    /** Marks the end of a log, closing its file once every chunk before has been reported. */
    static Chunk closing(Closeable closes) {
        Chunk c = new Chunk();
        c.closing = true;
        c.closes = closes;
        return c;
    }

    /** A single line too long to hold, skipped. */
    static Chunk tooLongLine(long bytes) {
        Chunk c = new Chunk();
        c.bytes = bytes;
        c.lines = 1;
        c.tooLong = 1;
        return c;
    }
}
