package org.tocsin.cli.sweep;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The indicators of one sweep, indexed for exact typed lookup at the speed of the scan.
 *
 * <p>Every indicator value is reduced to a normal form (lower case where case does not matter,
 * trailing dots removed, addresses as numbers) and filed under a 64-bit hash of that form in one
 * open-addressing table. A lookup hashes the observable in the same way while reading its bytes,
 * probes the table and compares the normal forms byte for byte on a hit, so a hash collision can
 * cost time but never produce a false match. Domains are hashed from the right, so that one pass
 * over a host name probes every parent domain at a label boundary; IPv4 lookups first consult a
 * bitmap of the /24 blocks any indicator touches.
 *
 * <p>An indicator may give several observables (a STIX pattern with {@code OR}); each is an
 * <em>entry</em> of the index that points back to its indicator.
 *
 * <p>Instances are immutable and safe to share between scanning threads.
 */
public final class IndicatorSet {

    static final long M = 0xC6A4A7935BD1E995L;
    private static final byte[] LOWER = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }

    private final String[] stixIds;           // null when indicators are numbered (TSV)
    private final long[] numbers;             // TSV line numbers, when stixIds is null
    private final int indicatorCount;

    private final byte[] entryType;
    private final int[] entryIndicator;
    private final byte[][] valueSource;
    private final int[] valueFrom;
    private final int[] valueTo;
    private final byte[] norm;
    private final int[] normFrom;
    private final int[] normTo;
    private final int[] next;
    private final int entryCount;

    private final long[] keys;
    private final int[] heads;
    private final int mask;
    private final long[] filter;
    private final int filterMask;

    private final long domainLabelCounts;
    private final long[] v4Blocks;
    private final long[] v6Filter;
    private final int v6FilterBits;
    private final int[] v4Lengths;
    private final int[] v6Lengths;
    private final int[] countByType;

    private IndicatorSet(Builder b) {
        this.stixIds = b.numbered ? null : Arrays.copyOf(b.stixIds, b.indicatorCount);
        this.numbers = b.numbered ? Arrays.copyOf(b.numbers, b.indicatorCount) : null;
        this.indicatorCount = b.indicatorCount;
        int n = b.entryCount;
        this.entryCount = n;
        this.entryType = Arrays.copyOf(b.entryType, n);
        this.entryIndicator = Arrays.copyOf(b.entryIndicator, n);
        this.valueSource = Arrays.copyOf(b.valueSource, n);
        this.valueFrom = Arrays.copyOf(b.valueFrom, n);
        this.valueTo = Arrays.copyOf(b.valueTo, n);
        this.norm = Arrays.copyOf(b.norm, b.normLength);
        this.normFrom = Arrays.copyOf(b.normFrom, n);
        this.normTo = Arrays.copyOf(b.normTo, n);
        this.next = new int[n];
        this.countByType = b.countByType.clone();
        int capacity = Integer.highestOneBit(Math.max(16, n * 2 + 1) - 1) << 1;
        this.keys = new long[capacity];
        this.heads = new int[capacity];
        this.mask = capacity - 1;
        int words = Integer.highestOneBit(Math.max(1, (int) Math.min(1 << 26, n * 5L / 64)) * 2 - 1);
        this.filter = new long[words];
        this.filterMask = words - 1;
        int[] tails = new int[capacity];
        // Entries go into their chains in the order they were added, so that duplicates
        // report in a stable order.
        for (int e = 0; e < n; e++) {
            long key = b.entryKey[e];
            filter[filterWord(key)] |= filterBits(key);
            int slot = (int) key & mask;
            while (true) {
                long k = keys[slot];
                if (k == 0) {
                    keys[slot] = key;
                    heads[slot] = e;
                    tails[slot] = e;
                    next[e] = -1;
                    break;
                }
                if (k == key) {
                    next[tails[slot]] = e;
                    tails[slot] = e;
                    next[e] = -1;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        this.domainLabelCounts = b.domainLabelCounts;
        this.v4Blocks = b.v4Blocks;
        this.v4Lengths = lengths(b.v4LengthSeen);
        this.v6Lengths = lengths(b.v6LengthSeen);
        // Every IPv6 indicator shares its first (shortest prefix length) bits with each address
        // it holds: a filter of those bits turns most IPv6 lookups away before any probe.
        int shortest = v6Lengths.length == 0 ? 0 : v6Lengths[v6Lengths.length - 1];
        this.v6FilterBits = Math.min(shortest, 64);
        int v6Count = countByType[IndicatorType.IPV6.ordinal()];
        this.v6Filter = new long[Integer.highestOneBit(Math.max(1, v6Count * 10 / 64) * 2 - 1)];
        for (int e = 0; e < n && v6FilterBits > 0; e++) {
            if (entryType[e] == IndicatorType.IPV6.ordinal()) {
                long k = v6FilterKey(readLong(norm, normFrom[e] + 1));
                v6Filter[(int) (k >>> 40) & (v6Filter.length - 1)] |= filterBits(k);
            }
        }
    }

    private static int[] lengths(boolean[] seen) {
        int count = 0;
        for (boolean s : seen) {
            count += s ? 1 : 0;
        }
        int[] out = new int[count];
        int i = 0;
        for (int len = seen.length - 1; len >= 0; len--) {
            if (seen[len]) {
                out[i++] = len;
            }
        }
        return out;
    }

    /** Starts an empty set. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many indicators the set holds. */
    public int indicatorCount() {
        return indicatorCount;
    }

    /** How many observables the set looks for (an indicator may give several). */
    public int observableCount() {
        return entryCount;
    }

    /** How many observables of a type the set looks for. */
    public int observableCount(IndicatorType type) {
        return countByType[type.ordinal()];
    }

    /** The indicator behind an entry, with the observable value it gave, for reporting a match. */
    public Indicator indicator(int entry) {
        int i = entryIndicator[entry];
        String value = new String(valueSource[entry], valueFrom[entry], valueTo[entry] - valueFrom[entry],
                StandardCharsets.UTF_8);
        IndicatorType type = IndicatorType.values()[entryType[entry]];
        return stixIds == null
                ? new Indicator(Long.toString(numbers[i]), true, type, value)
                : new Indicator(stixIds[i], false, type, value);
    }

    /**
     * An indicator as sweep reports it.
     *
     * @param id the STIX id, or for the TSV form the 0-based line number
     * @param numbered whether the id is a TSV line number (reported as a JSON number)
     * @param type the type of the observable that matched
     * @param value the indicator's value for that observable, as given
     */
    public record Indicator(String id, boolean numbered, IndicatorType type, String value) {
    }

    // ---- lookup, used by LineMatcher on the scanning threads ----

    static byte lower(byte c) {
        return LOWER[c & 0x7F];
    }

    static long finish(long h, IndicatorType type) {
        long k = h ^ type.tag();
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k == 0 ? 1 : k;
    }

    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The hash of text whose case matters from {@code lowerEnd} on and not before (URL, e-mail
     * address, file hash), eight bytes at a time: the bytes before {@code lowerEnd} are taken
     * lower-cased. Returns 0 if a byte before {@code lowerEnd} is not ASCII, for the caller to
     * take its slow path; text hashed this way is never looked up with hash 0.
     */
    static long hashText(byte[] b, int from, int to, int lowerEnd) {
        long h = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = ByteSearch.word(b, i);
            if (i < lowerEnd) {
                long m = lowerEnd - i >= 8 ? -1L : (1L << ((lowerEnd - i) << 3)) - 1;
                if ((w & m & HIGHS) != 0) {
                    return 0;
                }
                w = toLower(w, m);
            }
            h = Long.rotateLeft((h ^ w) * M, 29);
        }
        if (i < to) {
            long w = 0;
            for (int k = to - 1; k >= i; k--) {
                byte c = b[k];
                if (k < lowerEnd) {
                    if (c < 0) {
                        return 0;
                    }
                    c = lower(c);
                }
                w = (w << 8) | (c & 0xFF);
            }
            h = Long.rotateLeft((h ^ w) * M, 29);
        }
        return h;
    }

    /** The hash of text already in its normal form, as {@link #hashText(byte[], int, int, int)}. */
    static long hashText(byte[] b, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft((h ^ ByteSearch.word(b, i)) * M, 29);
        }
        if (i < to) {
            long w = 0;
            for (int k = to - 1; k >= i; k--) {
                w = (w << 8) | (b[k] & 0xFF);
            }
            h = Long.rotateLeft((h ^ w) * M, 29);
        }
        return h;
    }

    /** Lower-cases the ASCII capitals among the bytes of {@code w} that {@code mask} selects. */
    static long toLower(long w, long mask) {
        long heptets = w & 0x7F7F7F7F7F7F7F7FL;
        long atLeastA = heptets + 0x3F3F3F3F3F3F3F3FL;
        long aboveZ = heptets + 0x2525252525252525L;
        long capitals = atLeastA & ~aboveZ & ~w & HIGHS & mask;
        return w | (capitals >>> 2);
    }

    static long v4Key(int prefixLength, long network) {
        return finish(((long) prefixLength << 32) | network, IndicatorType.IPV4);
    }

    static long v6Key(int prefixLength, long high, long low) {
        long h = (high ^ (prefixLength * 0x9E3779B97F4A7C15L)) * M;
        h = (h ^ (h >>> 29)) * M + low;
        return finish(h, IndicatorType.IPV6);
    }

    // A blocked Bloom filter in front of the table: two bits in one word per key, 5 to 10 bits
    // per key in all (1 MiB for a million keys; 2 MiB measured 5 % slower on this machine's 1 MiB
    // of L2 per core). It is small enough to stay in the core's cache, so that the great majority
    // of lookups, which find nothing, never touch the table; a false pass costs one table probe.
    private int filterWord(long key) {
        return (int) (key >>> 40) & filterMask;
    }

    private static long filterBits(long key) {
        return (1L << (key >>> 34)) | (1L << (key >>> 28));
    }

    /** The first entry filed under {@code key}, or -1. */
    int find(long key) {
        long bits = filterBits(key);
        if ((filter[filterWord(key)] & bits) != bits) {
            return -1;
        }
        long[] ks = keys;
        int m = mask;
        int slot = (int) key & m;
        while (true) {
            long k = ks[slot];
            if (k == key) {
                return heads[slot];
            }
            if (k == 0) {
                return -1;
            }
            slot = (slot + 1) & m;
        }
    }

    int next(int entry) {
        return next[entry];
    }

    int indicatorOf(int entry) {
        return entryIndicator[entry];
    }

    boolean isType(int entry, IndicatorType type) {
        return entryType[entry] == type.ordinal();
    }

    /**
     * Whether any domain indicator has {@code labels} labels (64 standing for 64 or more): a
     * host's parent with a number of labels no indicator has need not be looked up, which spares
     * the top-level domain's lookup of nearly every host.
     */
    boolean hasDomainsOfLabels(int labels) {
        return (domainLabelCounts & (1L << Math.min(labels, 63))) != 0;
    }

    /** Whether any IPv4 indicator covers part of the /24 block holding {@code address}. */
    boolean mayHoldV4(long address) {
        int block = (int) (address >>> 8);
        return (v4Blocks[block >>> 6] & (1L << block)) != 0;
    }

    private long v6FilterKey(long high) {
        return finish(high >>> (64 - v6FilterBits), IndicatorType.IPV6);
    }

    /** Whether any IPv6 indicator may hold an address with these first 64 bits. */
    boolean mayHoldV6(long high) {
        if (v6FilterBits == 0) {
            return true;
        }
        long k = v6FilterKey(high);
        long bits = filterBits(k);
        return (v6Filter[(int) (k >>> 40) & (v6Filter.length - 1)] & bits) == bits;
    }

    int[] v4Lengths() {
        return v4Lengths;
    }

    int[] v6Lengths() {
        return v6Lengths;
    }

    /**
     * Whether the entry's normal form equals {@code b[from, to)} with the bytes before
     * {@code lowerTo} lower-cased.
     */
    boolean sameText(int entry, byte[] b, int from, int to, int lowerTo) {
        int s = normFrom[entry];
        if (normTo[entry] - s != to - from) {
            return false;
        }
        byte[] n = norm;
        for (int i = from; i < to; i++, s++) {
            byte c = b[i];
            if (i < lowerTo && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (n[s] != c) {
                return false;
            }
        }
        return true;
    }

    boolean sameV4(int entry, int prefixLength, long network) {
        int s = normFrom[entry];
        if (normTo[entry] - s != 5 || norm[s] != prefixLength) {
            return false;
        }
        return readInt(norm, s + 1) == (int) network;
    }

    boolean sameV6(int entry, int prefixLength, long high, long low) {
        int s = normFrom[entry];
        if (normTo[entry] - s != 17 || (norm[s] & 0xFF) != prefixLength) {
            return false;
        }
        return readLong(norm, s + 1) == high && readLong(norm, s + 9) == low;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int at) {
        return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xFFFFFFFFL);
    }

    static long v4Mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
    }

    static long v6HighMask(int prefixLength) {
        if (prefixLength >= 64) {
            return -1L;
        }
        return prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    }

    static long v6LowMask(int prefixLength) {
        if (prefixLength <= 64) {
            return 0;
        }
        return prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    // ---- normal forms, shared by the builder and by the scan's slow path ----

    /**
     * The normal form of a domain given as text that is not plain ASCII: an internationalised
     * name becomes its ASCII (punycode) form, so that it matches as DNS carries it.
     *
     * @return the lower-case ASCII form, or {@code null} if it is no valid name
     */
    static byte[] asciiDomain(String name) {
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where a URL's scheme and host end: the case of the text before this does not matter. */
    static int urlLowerEnd(byte[] b, int from, int to) {
        int sep = -1;
        for (int i = from; i + 2 < to; i++) {
            if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            return from;
        }
        for (int i = sep + 3; i < to; i++) {
            byte c = b[i];
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return to;
    }

    /**
     * Collects indicators and builds the set. Values are checked as they are added; a value that
     * is not of its type is refused with a message saying why.
     */
    public static final class Builder {

        private boolean numbered = true;
        private String[] stixIds = new String[16];
        private long[] numbers = new long[16];
        private int indicatorCount;

        private byte[] entryType = new byte[16];
        private int[] entryIndicator = new int[16];
        private byte[][] valueSource = new byte[16][];
        private int[] valueFrom = new int[16];
        private int[] valueTo = new int[16];
        private long[] entryKey = new long[16];
        private int[] normFrom = new int[16];
        private int[] normTo = new int[16];
        private byte[] norm = new byte[1024];
        private int normLength;
        private int entryCount;

        private long domainLabelCounts;
        private final long[] v4Blocks = new long[1 << 18];
        private final boolean[] v4LengthSeen = new boolean[33];
        private final boolean[] v6LengthSeen = new boolean[129];
        private final int[] countByType = new int[IndicatorType.values().length];
        private final long[] v6 = new long[2];

        private Builder() {
        }

        /**
         * Makes room for about {@code entries} observables whose normal forms take about
         * {@code bytes} bytes, so that a large set is not copied as it grows.
         */
        public void expect(int entries, int bytes) {
            if (entries > entryType.length) {
                entryType = Arrays.copyOf(entryType, entries);
                entryIndicator = Arrays.copyOf(entryIndicator, entries);
                valueSource = Arrays.copyOf(valueSource, entries);
                valueFrom = Arrays.copyOf(valueFrom, entries);
                valueTo = Arrays.copyOf(valueTo, entries);
                entryKey = Arrays.copyOf(entryKey, entries);
                normFrom = Arrays.copyOf(normFrom, entries);
                normTo = Arrays.copyOf(normTo, entries);
            }
            if (entries > numbers.length) {
                numbers = Arrays.copyOf(numbers, entries);
                stixIds = Arrays.copyOf(stixIds, entries);
            }
            if (bytes > norm.length) {
                norm = Arrays.copyOf(norm, bytes);
            }
        }

        /** Starts an indicator known by its number (the TSV form's 0-based line number). */
        public int numberedIndicator(long number) {
            if (!numbered) {
                throw new IllegalStateException("indicators of one set are either numbered or named");
            }
            growIndicators();
            numbers[indicatorCount] = number;
            return indicatorCount++;
        }

        /** Starts an indicator known by its STIX id. */
        public int namedIndicator(String stixId) {
            if (numbered && indicatorCount > 0) {
                throw new IllegalStateException("indicators of one set are either numbered or named");
            }
            numbered = false;
            growIndicators();
            stixIds[indicatorCount] = stixId;
            return indicatorCount++;
        }

        private void growIndicators() {
            if (indicatorCount == numbers.length) {
                numbers = Arrays.copyOf(numbers, indicatorCount * 2);
                stixIds = Arrays.copyOf(stixIds, indicatorCount * 2);
            }
        }

        /** Adds an observable of an indicator, given as a string. */
        public void add(int indicator, IndicatorType type, String value) throws InvalidIndicatorException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            add(indicator, type, bytes, 0, bytes.length);
        }

        /**
         * Adds an observable of an indicator whose value is {@code source[from, to)} in UTF-8. The
         * bytes are kept, not copied: the caller must not change them afterwards.
         *
         * @throws InvalidIndicatorException if the value is not a value of the type
         */
        public void add(int indicator, IndicatorType type, byte[] source, int from, int to)
                throws InvalidIndicatorException {
            if (from == to) {
                throw new InvalidIndicatorException("empty " + type.label() + " value");
            }
            growEntries();
            int e = entryCount;
            int start = normLength;
            long key = switch (type) {
                case DOMAIN -> domain(source, from, to);
                case IPV4 -> ipv4(source, from, to);
                case IPV6 -> ipv6(source, from, to);
                case URL -> url(source, from, to);
                case EMAIL -> email(source, from, to);
                case MD5 -> hash(type, 32, source, from, to);
                case SHA1 -> hash(type, 40, source, from, to);
                case SHA256 -> hash(type, 64, source, from, to);
            };
            entryType[e] = (byte) type.ordinal();
            entryIndicator[e] = indicator;
            valueSource[e] = source;
            valueFrom[e] = from;
            valueTo[e] = to;
            entryKey[e] = key;
            normFrom[e] = start;
            normTo[e] = normLength;
            countByType[type.ordinal()]++;
            entryCount++;
        }

        /** Builds the set; the builder must not be used afterwards. */
        public IndicatorSet build() {
            return new IndicatorSet(this);
        }

        private void growEntries() {
            if (entryCount == entryType.length) {
                int n = entryCount * 2;
                entryType = Arrays.copyOf(entryType, n);
                entryIndicator = Arrays.copyOf(entryIndicator, n);
                valueSource = Arrays.copyOf(valueSource, n);
                valueFrom = Arrays.copyOf(valueFrom, n);
                valueTo = Arrays.copyOf(valueTo, n);
                entryKey = Arrays.copyOf(entryKey, n);
                normFrom = Arrays.copyOf(normFrom, n);
                normTo = Arrays.copyOf(normTo, n);
            }
        }

        private void put(byte c) {
            if (normLength == norm.length) {
                norm = Arrays.copyOf(norm, norm.length * 2);
            }
            norm[normLength++] = c;
        }

        private static String text(byte[] b, int from, int to) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }

        private static boolean isAscii(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        private static void refuseSpace(IndicatorType type, byte[] b, int from, int to) throws InvalidIndicatorException {
            for (int i = from; i < to; i++) {
                if (b[i] >= 0 && b[i] <= ' ' || b[i] == 0x7F) {
                    throw new InvalidIndicatorException(type.label() + " value \"" + printable(text(b, from, to))
                            + "\" holds white space or a control character at position " + (i - from + 1));
                }
            }
        }

        static String printable(String s) {
            StringBuilder out = new StringBuilder();
            s.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
            return out.toString();
        }

        private long domain(byte[] b, int from, int to) throws InvalidIndicatorException {
            String original = text(b, from, to);
            if (to - from >= 2 && b[from] == '*' && b[from + 1] == '.') {
                from += 2;   // "*.example.com": the domain matches its subdomains anyway
            }
            while (to > from && b[to - 1] == '.') {
                to--;
            }
            if (to == from) {
                throw new InvalidIndicatorException("domain value \"" + printable(original) + "\" has no name in it");
            }
            for (int i = from; i < to; i++) {
                byte c = b[i];
                boolean ok = c < 0 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '-' || c == '_' || c == '.';
                if (!ok) {
                    throw new InvalidIndicatorException("domain value \"" + printable(original)
                            + "\" is not a domain name: unexpected character '" + printable(String.valueOf((char) c))
                            + "'");
                }
            }
            if (IpAddress.parseV4(b, from, to) != IpAddress.NOT_V4) {
                throw new InvalidIndicatorException("domain value \"" + printable(original)
                        + "\" is an IPv4 address: give it the type ipv4");
            }
            int start = normLength;
            long h = 0;
            if (isAscii(b, from, to)) {
                for (int i = to - 1; i >= from; i--) {
                    h = h * M + lower(b[i]);
                }
                for (int i = from; i < to; i++) {
                    put(lower(b[i]));
                }
            } else {
                byte[] ascii = asciiDomain(text(b, from, to));
                if (ascii == null) {
                    throw new InvalidIndicatorException("domain value \"" + printable(original)
                            + "\" is not a valid internationalised domain name");
                }
                for (int i = ascii.length - 1; i >= 0; i--) {
                    h = h * M + ascii[i];
                }
                for (byte c : ascii) {
                    put(c);
                }
            }
            int labels = 1;
            for (int i = start; i < normLength; i++) {
                if (norm[i] == '.') {
                    labels++;
                }
            }
            domainLabelCounts |= 1L << Math.min(labels, 63);
            return finish(h, IndicatorType.DOMAIN);
        }

        private int prefixLength(IndicatorType type, byte[] b, int slash, int to, int max) throws InvalidIndicatorException {
            if (slash + 1 >= to || to - slash - 1 > 3) {
                throw new InvalidIndicatorException(type.label() + " value \"" + printable(text(b, slash, to))
                        + "\" has no valid prefix length after '/'");
            }
            int p = 0;
            for (int i = slash + 1; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    throw new InvalidIndicatorException(type.label() + " prefix length \""
                            + printable(text(b, slash + 1, to)) + "\" is not a number");
                }
                p = p * 10 + b[i] - '0';
            }
            if (p > max) {
                throw new InvalidIndicatorException(type.label() + " prefix length /" + p + " is larger than /" + max);
            }
            return p;
        }

        private static int slash(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == '/') {
                    return i;
                }
            }
            return to;
        }

        private long ipv4(byte[] b, int from, int to) throws InvalidIndicatorException {
            int slash = slash(b, from, to);
            long address = IpAddress.parseV4(b, from, slash);
            if (address == IpAddress.NOT_V4) {
                throw new InvalidIndicatorException("ipv4 value \"" + printable(text(b, from, to))
                        + "\" is not an IPv4 address or CIDR range");
            }
            int p = slash == to ? 32 : prefixLength(IndicatorType.IPV4, b, slash, to, 32);
            long network = address & v4Mask(p);
            put((byte) p);
            put((byte) (network >>> 24));
            put((byte) (network >>> 16));
            put((byte) (network >>> 8));
            put((byte) network);
            v4LengthSeen[p] = true;
            long firstBlock = network >>> 8;
            long lastBlock = (network | (~v4Mask(p) & 0xFFFFFFFFL)) >>> 8;
            for (long block = firstBlock; block <= lastBlock; block++) {
                v4Blocks[(int) (block >>> 6)] |= 1L << block;
            }
            return v4Key(p, network);
        }

        private long ipv6(byte[] b, int from, int to) throws InvalidIndicatorException {
            int slash = slash(b, from, to);
            if (!IpAddress.parseV6(b, from, slash, v6)) {
                throw new InvalidIndicatorException("ipv6 value \"" + printable(text(b, from, to))
                        + "\" is not an IPv6 address or CIDR range");
            }
            int p = slash == to ? 128 : prefixLength(IndicatorType.IPV6, b, slash, to, 128);
            long high = v6[0] & v6HighMask(p);
            long low = v6[1] & v6LowMask(p);
            put((byte) p);
            for (int shift = 56; shift >= 0; shift -= 8) {
                put((byte) (high >>> shift));
            }
            for (int shift = 56; shift >= 0; shift -= 8) {
                put((byte) (low >>> shift));
            }
            v6LengthSeen[p] = true;
            return v6Key(p, high, low);
        }

        private long url(byte[] b, int from, int to) throws InvalidIndicatorException {
            refuseSpace(IndicatorType.URL, b, from, to);
            int start = normLength;
            int lowerEnd = urlLowerEnd(b, from, to);
            if (isAscii(b, from, lowerEnd)) {
                for (int i = from; i < to; i++) {
                    put(i < lowerEnd ? lower(b[i]) : b[i]);
                }
            } else {
                for (byte c : text(b, from, lowerEnd).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
                    put(c);
                }
                for (int i = lowerEnd; i < to; i++) {
                    put(b[i]);
                }
            }
            return finish(hashText(norm, start, normLength), IndicatorType.URL);
        }

        private long email(byte[] b, int from, int to) throws InvalidIndicatorException {
            refuseSpace(IndicatorType.EMAIL, b, from, to);
            int at = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '@') {
                    at = i;
                }
            }
            if (at <= from || at == to - 1) {
                throw new InvalidIndicatorException("email value \"" + printable(text(b, from, to))
                        + "\" is not an e-mail address: it needs a local part, '@' and a domain");
            }
            int start = normLength;
            if (isAscii(b, from, to)) {
                for (int i = from; i < to; i++) {
                    put(lower(b[i]));
                }
            } else {
                for (byte c : text(b, from, to).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
                    put(c);
                }
            }
            return finish(hashText(norm, start, normLength), IndicatorType.EMAIL);
        }

        private long hash(IndicatorType type, int length, byte[] b, int from, int to) throws InvalidIndicatorException {
            if (to - from != length) {
                throw new InvalidIndicatorException(type.label() + " value \"" + printable(text(b, from, to))
                        + "\" is not " + length + " hexadecimal digits");
            }
            int start = normLength;
            for (int i = from; i < to; i++) {
                if (IpAddress.hexDigit(b[i]) < 0) {
                    throw new InvalidIndicatorException(type.label() + " value \"" + printable(text(b, from, to))
                            + "\" is not " + length + " hexadecimal digits: '"
                            + printable(String.valueOf((char) (b[i] & 0xFF))) + "' at position " + (i - from + 1));
                }
                put(lower(b[i]));
            }
            return finish(hashText(norm, start, normLength), type);
        }
    }
}
