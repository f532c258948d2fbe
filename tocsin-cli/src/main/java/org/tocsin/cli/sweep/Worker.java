package org.tocsin.cli.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;

/**
 * One scanning thread's state: its read buffer and its {@link LineMatcher}. It cuts what it reads
 * into lines, skips those it must (binary, too long) and gives the others to the log's parser.
 */
final class Worker {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A * ONES;
    private static final long BELOW_TAB = 0x09 * ONES;

    // Small enough that what was just read is still in the core's cache when it is parsed; it
    // grows, up to the longest line allowed, only for a line that does not fit.
    private static final int READ_SIZE = 256 << 10;

    private byte[] buffer;
    private final int maxLine;
    private final LineMatcher matcher;
    private final LogTime times;

    /** Set by {@link #lineEnd} when the line holds a byte below TAB: binary, not text. */
    private boolean control;

    Worker(IndicatorSet set, int maxLine, LogTime times) {
        this.buffer = new byte[READ_SIZE];
        this.maxLine = maxLine;
        this.matcher = new LineMatcher(set);
        this.times = times;
    }

    /** Scans the lines that start in {@code [from, to)} of the file. */
    Chunk scanFile(FileChannel channel, long size, long from, long to, LineParser parser) {
        Chunk chunk = new Chunk();
        try {
            long pos = from == 0 ? 0 : afterNewline(channel, from - 1, size);
            long first = pos;
            while (pos < to && pos < size) {
                byte[] b = buffer;
                int n = (int) Math.min(b.length, size - pos);
                // Positional reads; mapping the file measured no faster here.
                Sweeper.readFully(channel, b, 0, n, pos);
                boolean atEnd = pos + n == size;
                int startLimit = (int) Math.min(to - pos, n);
                int s = scan(b, 0, startLimit, n, atEnd, parser, chunk);
                if (s == 0 && startLimit > 0) {
                    // The line at pos does not end within the buffer.
                    if (n > maxLine) {
                        chunk.lines++;
                        chunk.tooLong++;
                        pos = afterNewline(channel, pos + n, size);
                    } else {
                        buffer = new byte[Math.min(b.length * 2, maxLine + 2)];
                    }
                    continue;
                }
                pos += s;
            }
            chunk.bytes = pos - first;
            return chunk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scans a block of whole lines read from a stream. */
    Chunk scanBlock(byte[] block, int length, LineParser parser) {
        Chunk chunk = new Chunk();
        scan(block, 0, length, length, true, parser, chunk);
        chunk.bytes = length;
        return chunk;
    }

    // The position after the first line end at or after position p, or size if there is none.
    private long afterNewline(FileChannel channel, long p, long size) throws IOException {
        byte[] b = buffer;
        while (p < size) {  // buffer holds at least 64 KiB
            int n = (int) Math.min(64 << 10, size - p);
            Sweeper.readFully(channel, b, 0, n, p);
            int nl = ByteSearch.indexOf(b, 0, n, (byte) '\n');
            if (nl >= 0) {
                return p + nl + 1;
            }
            p += n;
        }
        return size;
    }

    /**
     * Parses the lines of {@code b} that start before {@code startLimit} and end before
     * {@code to} (or at {@code to}, if that is the end of the log).
     *
     * @return where the first line not parsed starts
     */
    private int scan(byte[] b, int from, int startLimit, int to, boolean atEnd, LineParser parser, Chunk chunk) {
        int s = from;
        LineMatcher m = matcher;
        long line = chunk.lines;
        while (s < startLimit) {
            int nl = lineEnd(b, s, to);
            int e;
            if (nl < 0) {
                if (!atEnd) {
                    break;
                }
                e = to;
            } else {
                e = nl;
            }
            line++;
            int length = e - s;
            if (length > maxLine) {
                chunk.tooLong++;
            } else if (control) {
                chunk.binary++;
            } else if (length > 0) {
                int end = b[e - 1] == '\r' ? e - 1 : e;
                if (!parser.parse(b, s, end, m)) {
                    chunk.malformed++;
                }
                if (m.count() > 0) {
                    found(chunk, line, parser.time(b, s, end, times));
                }
            }
            s = nl < 0 ? to : nl + 1;
        }
        chunk.lines = line;
        return s;
    }

    private void found(Chunk chunk, long line, long seen) {
        LineMatcher m = matcher;
        for (int i = 0; i < m.count(); i++) {
            chunk.found.add(new Chunk.Found(line, m.entry(i), m.observed(i), seen));
        }
        chunk.matchedLines++;
        m.clear();
    }

    /**
     * The index of the first line end at or after {@code s}, or -1; notes in {@link #control}
     * whether the line holds a control byte below TAB. Reads eight bytes at a time.
     */
    private int lineEnd(byte[] b, int s, int to) {
        boolean ctl = false;
        int i = s;
        for (; i + 8 <= to; i += 8) {
            long w = ByteSearch.word(b, i);
            long x = w ^ NEWLINES;
            long nl = (x - ONES) & ~x & HIGHS;
            long low = (w - BELOW_TAB) & ~w & HIGHS;
            if (nl != 0) {
                // Flags above a true flag may be false; those below the first newline are not.
                ctl |= (low & ((nl & -nl) - 1)) != 0;
                control = ctl;
                return i + (Long.numberOfTrailingZeros(nl) >>> 3);
            }
            ctl |= low != 0;
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '\n') {
                control = ctl;
                return i;
            }
            ctl |= c >= 0 && c < 9;
        }
        control = ctl;
        return -1;
    }
}
