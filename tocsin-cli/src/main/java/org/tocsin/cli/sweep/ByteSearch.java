package org.tocsin.cli.sweep;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Searches in bytes eight at a time, for the parts of a scan that only look for one byte. */
final class ByteSearch {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACE_AND_BELOW = 0x21 * ONES;

    private ByteSearch() {
    }

    static long word(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** Marks with 0x80 the bytes of {@code w} equal to the byte {@code c}; exact up to the first. */
    static long equalBytes(long w, long pattern) {
        long x = w ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    static long pattern(byte c) {
        return (c & 0xFFL) * ONES;
    }

    /** The index of the first {@code c} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte c) {
        long p = pattern(c);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = equalBytes(word(b, i), p);
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first occurrence of {@code needle} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        int i = from;
        while (i <= last) {
            int at = indexOf(b, i, last + 1, first);
            if (at < 0) {
                return -1;
            }
            if (startsWith(b, at, to, needle)) {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    static boolean startsWith(byte[] b, int at, int to, byte[] prefix) {
        if (to - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** White space as Python's regular expressions read {@code \s} in ASCII text. */
    static boolean isSpace(byte c) {
        return c == ' ' || c >= 9 && c <= 13 || c >= 0x1C && c <= 0x1F;
    }

    /** The end of the run of non-space bytes starting at {@code from}. */
    static int endOfToken(byte[] b, int from, int to) {
        int i = from;
        // Eight at a time to the first byte at or below ' ' (white space is among those).
        while (i + 8 <= to) {
            long w = word(b, i);
            long low = (w - SPACE_AND_BELOW) & ~w & HIGHS;
            if (low == 0) {
                i += 8;
                continue;
            }
            i += Long.numberOfTrailingZeros(low) >>> 3;
            if (isSpace(b[i])) {
                return i;
            }
            i++;
        }
        while (i < to) {
            byte c = b[i];
            if ((c & 0xFF) <= ' ' && isSpace(c)) {
                break;
            }
            i++;
        }
        return i;
    }
}
