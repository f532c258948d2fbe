package org.tocsin.cli.sweep;

/**
 * Reads IP addresses straight from the bytes of a log line, without making a string.
 *
 * <p>IPv4 is a dotted quad of one to three decimal digits per part, each at most 255 (leading
 * zeros allowed, as most logs write them). IPv6 takes every textual form: leading zeros, {@code ::}
 * anywhere, an embedded dotted quad at the end, a zone after {@code %} (ignored); it is the
 * address Python's {@code ipaddress.IPv6Address} reads, which the benchmark's reference uses.
 */
final class IpAddress {

    /** What {@link #parseV4} returns for text that is not an IPv4 address. */
    static final long NOT_V4 = -1;

    private IpAddress() {
    }

    /** The address as an unsigned 32-bit value, or {@link #NOT_V4}. */
    static long parseV4(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 7 || len > 15) {
            return NOT_V4;
        }
        long value = 0;
        int part = 0;
        int digits = 0;
        int parts = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                part = part * 10 + (c - '0');
                if (++digits > 3) {
                    return NOT_V4;
                }
            } else if (c == '.') {
                if (digits == 0 || part > 255 || parts == 3) {
                    return NOT_V4;
                }
                value = (value << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return NOT_V4;
            }
        }
        if (parts != 3 || digits == 0 || part > 255) {
            return NOT_V4;
        }
        return (value << 8) | part;
    }

    /**
     * Reads an IPv6 address into {@code out[0]} (high 64 bits) and {@code out[1]} (low 64 bits).
     *
     * @return whether the text is an IPv6 address; {@code out} is unspecified when it is not
     */
    static boolean parseV6(byte[] b, int from, int to, long[] out) {
        return parseV6(b, from, to, out, new int[30]);
    }

    /** As {@link #parseV6(byte[], int, int, long[])}, with 30 ints of scratch space from the caller. */
    static boolean parseV6(byte[] b, int from, int to, long[] out, int[] scratch) {
        int end = to;
        for (int i = from; i < to; i++) {
            if (b[i] == '%') {
                // A zone ("fe80::1%eth0") names an interface, not part of the address.
                if (i == to - 1) {
                    return false;
                }
                for (int j = i + 1; j < to; j++) {
                    if (b[j] == '%') {
                        return false;
                    }
                }
                end = i;
                break;
            }
        }
        int len = end - from;
        if (len < 2 || len > 45) {
            return false;
        }
        // Split at ':' into at most 9 parts (8 groups, plus one empty part from a "::").
        int[] starts = scratch;   // [0, 10)
        int[] ends = scratch;     // [10, 20)
        int parts = 0;
        int start = from;
        for (int i = from; i <= end; i++) {
            if (i == end || b[i] == ':') {
                if (parts == 10) {
                    return false;
                }
                starts[parts] = start;
                ends[10 + parts] = i;
                parts++;
                start = i + 1;
            }
        }
        if (parts < 3) {
            return false;
        }
        int[] groups = scratch;   // [20, 30)
        int groupCount = parts;
        boolean lastIsV4 = false;
        for (int i = starts[parts - 1]; i < ends[10 + parts - 1]; i++) {
            if (b[i] == '.') {
                lastIsV4 = true;
                break;
            }
        }
        if (lastIsV4) {
            long v4 = parseStrictV4(b, starts[parts - 1], ends[10 + parts - 1]);
            if (v4 == NOT_V4) {
                return false;
            }
            groupCount = parts + 1;
            if (groupCount > 9) {
                return false;
            }
            groups[20 + parts - 1] = (int) (v4 >>> 16);
            groups[20 + parts] = (int) (v4 & 0xFFFF);
        } else if (parts > 9) {
            return false;
        }
        int hexParts = lastIsV4 ? parts - 1 : parts;
        int skip = -1;
        for (int i = 1; i < groupCount - 1; i++) {
            if (i < hexParts && starts[i] == ends[10 + i]) {
                if (skip >= 0) {
                    return false;
                }
                skip = i;
            }
        }
        boolean firstEmpty = starts[0] == ends[10 + 0];
        boolean lastEmpty = !lastIsV4 && starts[parts - 1] == ends[10 + parts - 1];
        int hi;
        int lo;
        if (skip >= 0) {
            hi = skip;
            lo = groupCount - skip - 1;
            if (firstEmpty) {
                if (--hi != 0) {
                    return false;
                }
            }
            if (lastEmpty) {
                if (--lo != 0) {
                    return false;
                }
            }
            if (8 - (hi + lo) < 1) {
                return false;
            }
        } else {
            if (groupCount != 8 || firstEmpty || lastEmpty) {
                return false;
            }
            hi = groupCount;
            lo = 0;
        }
        for (int i = 0; i < hexParts; i++) {
            boolean used = i < hi || i >= groupCount - lo;
            if (!used) {
                continue;
            }
            int value = hextet(b, starts[i], ends[10 + i]);
            if (value < 0) {
                return false;
            }
            groups[20 + i] = value;
        }
        long high = 0;
        long low = 0;
        int position = 0;
        for (int i = 0; i < 8; i++) {
            int value;
            if (i < hi) {
                value = groups[20 + i];
            } else if (i >= 8 - lo) {
                value = groups[20 + groupCount - (8 - i)];
            } else {
                value = 0;
            }
            if (position < 4) {
                high = (high << 16) | value;
            } else {
                low = (low << 16) | value;
            }
            position++;
        }
        out[0] = high;
        out[1] = low;
        return true;
    }

    private static int hextet(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = hexDigit(b[i]);
            if (d < 0) {
                return -1;
            }
            value = (value << 4) | d;
        }
        return value;
    }

    static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // The dotted quad inside an IPv6 address: as in Python's reader, no leading zeros.
    private static long parseStrictV4(byte[] b, int from, int to) {
        long value = parseV4(b, from, to);
        if (value == NOT_V4) {
            return NOT_V4;
        }
        int partStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '.') {
                if (i - partStart > 1 && b[partStart] == '0') {
                    return NOT_V4;
                }
                partStart = i + 1;
            }
        }
        return value;
    }
}
