package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Looks up the observables of one log line in an {@link IndicatorSet} and collects the matches
 * of that line. Log parsers call one method per observable with its bytes (usually a range of the
 * line itself; a parser that had to unescape or assemble an observable passes its own array, which
 * it must leave unchanged until the line is done); nothing is copied or allocated unless an
 * observable matches or is not plain ASCII. One per scanning thread.
 */
final class LineMatcher {

    private final IndicatorSet set;
    private final long[] v6 = new long[2];
    private final int[] v6Scratch = new int[30];

    private int count;
    private int[] entries = new int[8];
    private int[] froms = new int[8];
    private int[] tos = new int[8];
    private byte[][] texts = new byte[8][];

    LineMatcher(IndicatorSet set) {
        this.set = set;
    }

    /** How many (indicator, observable) matches the current line has. */
    int count() {
        return count;
    }

    int entry(int i) {
        return entries[i];
    }

    String observed(int i) {
        return new String(texts[i], froms[i], tos[i] - froms[i], StandardCharsets.UTF_8);
    }

    void clear() {
        for (int i = 0; i < count; i++) {
            texts[i] = null;
        }
        count = 0;
    }

    // ---- observables ----

    /**
     * A host name: matches a domain indicator equal to it or to any parent at a label boundary,
     * ignoring case and trailing dots.
     */
    void domain(byte[] b, int from, int to) {
        int end = to;
        while (end > from && b[end - 1] == '.') {
            end--;
        }
        if (end == from) {
            return;
        }
        long h = 0;
        int labels = 1;
        for (int i = end - 1; i >= from; i--) {
            byte c = b[i];
            if (c < 0) {
                domainSlow(b, from, to, end);
                return;
            }
            if (c == '.') {
                if (set.hasDomainsOfLabels(labels)) {
                    probeDomain(finishDomain(h), b, i + 1, end, b, from, to);
                }
                labels++;
            }
            h = h * IndicatorSet.M + IndicatorSet.lower(c);
        }
        if (set.hasDomainsOfLabels(labels)) {
            probeDomain(finishDomain(h), b, from, end, b, from, to);
        }
    }

    private static long finishDomain(long h) {
        return IndicatorSet.finish(h, IndicatorType.DOMAIN);
    }

    private void domainSlow(byte[] b, int from, int to, int end) {
        byte[] ascii = IndicatorSet.asciiDomain(new String(b, from, end - from, StandardCharsets.UTF_8));
        if (ascii == null) {
            return;
        }
        long h = 0;
        int labels = 1;
        for (int i = ascii.length - 1; i >= 0; i--) {
            byte c = ascii[i];
            if (c == '.') {
                if (set.hasDomainsOfLabels(labels)) {
                    probeDomain(finishDomain(h), ascii, i + 1, ascii.length, b, from, to);
                }
                labels++;
            }
            h = h * IndicatorSet.M + c;
        }
        if (set.hasDomainsOfLabels(labels)) {
            probeDomain(finishDomain(h), ascii, 0, ascii.length, b, from, to);
        }
    }

    private void probeDomain(long key, byte[] n, int nFrom, int nTo, byte[] b, int from, int to) {
        int e = set.find(key);
        while (e >= 0) {
            if (set.isType(e, IndicatorType.DOMAIN) && set.sameText(e, n, nFrom, nTo, nTo)) {
                add(e, b, from, to);
            }
            e = set.next(e);
        }
    }

    /**
     * An IP address in any textual form: matches an equal address indicator or a CIDR range
     * holding it. Text that is not an address matches nothing.
     */
    void ip(byte[] b, int from, int to) {
        long v4 = IpAddress.parseV4(b, from, to);
        if (v4 != IpAddress.NOT_V4) {
            if (!set.mayHoldV4(v4)) {
                return;
            }
            for (int p : set.v4Lengths()) {
                long network = v4 & IndicatorSet.v4Mask(p);
                int e = set.find(IndicatorSet.v4Key(p, network));
                while (e >= 0) {
                    if (set.isType(e, IndicatorType.IPV4) && set.sameV4(e, p, network)) {
                        add(e, b, from, to);
                    }
                    e = set.next(e);
                }
            }
            return;
        }
        int[] lengths = set.v6Lengths();
        if (lengths.length == 0 || !IpAddress.parseV6(b, from, to, v6, v6Scratch) || !set.mayHoldV6(v6[0])) {
            return;
        }
        for (int p : lengths) {
            long high = v6[0] & IndicatorSet.v6HighMask(p);
            long low = v6[1] & IndicatorSet.v6LowMask(p);
            int e = set.find(IndicatorSet.v6Key(p, high, low));
            while (e >= 0) {
                if (set.isType(e, IndicatorType.IPV6) && set.sameV6(e, p, high, low)) {
                    add(e, b, from, to);
                }
                e = set.next(e);
            }
        }
    }

    /** A URL: matches a URL indicator equal to it once scheme and host are lower-cased. */
    void url(byte[] b, int from, int to) {
        url(b, from, to, IndicatorSet.urlLowerEnd(b, from, to));
    }

    /** A URL whose scheme and host end at {@code lowerEnd} (where its path, query or fragment starts). */
    void url(byte[] b, int from, int to, int lowerEnd) {
        long h = IndicatorSet.hashText(b, from, to, lowerEnd);
        if (h == 0) {
            byte[] head = new String(b, from, lowerEnd - from, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] n = Arrays.copyOf(head, head.length + to - lowerEnd);
            System.arraycopy(b, lowerEnd, n, head.length, to - lowerEnd);
            exactText(IndicatorType.URL, n, b, from, to);
            return;
        }
        int e = set.find(IndicatorSet.finish(h, IndicatorType.URL));
        while (e >= 0) {
            if (set.isType(e, IndicatorType.URL) && set.sameText(e, b, from, to, lowerEnd)) {
                add(e, b, from, to);
            }
            e = set.next(e);
        }
    }

    /** An e-mail address: matches an e-mail indicator, ignoring case. */
    void email(byte[] b, int from, int to) {
        long h = IndicatorSet.hashText(b, from, to, to);
        if (h == 0) {
            byte[] n = new String(b, from, to - from, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8);
            exactText(IndicatorType.EMAIL, n, b, from, to);
            return;
        }
        int e = set.find(IndicatorSet.finish(h, IndicatorType.EMAIL));
        while (e >= 0) {
            if (set.isType(e, IndicatorType.EMAIL) && set.sameText(e, b, from, to, to)) {
                add(e, b, from, to);
            }
            e = set.next(e);
        }
    }

    private void exactText(IndicatorType type, byte[] n, byte[] b, int from, int to) {
        int e = set.find(IndicatorSet.finish(IndicatorSet.hashText(n, 0, n.length), type));
        while (e >= 0) {
            if (set.isType(e, type) && set.sameText(e, n, 0, n.length, 0)) {
                add(e, b, from, to);
            }
            e = set.next(e);
        }
    }

    /** A file hash of the given algorithm: matches a hash indicator of it, ignoring case. */
    void hash(IndicatorType type, byte[] b, int from, int to) {
        int length = to - from;
        int expected = type == IndicatorType.MD5 ? 32 : type == IndicatorType.SHA1 ? 40 : 64;
        if (length != expected) {
            return;
        }
        long h = IndicatorSet.hashText(b, from, to, to);
        if (h == 0) {
            return;   // not ASCII, so not hexadecimal
        }
        int e = set.find(IndicatorSet.finish(h, type));
        while (e >= 0) {
            if (set.isType(e, type) && set.sameText(e, b, from, to, to)) {
                add(e, b, from, to);
            }
            e = set.next(e);
        }
    }

    // A line reports each (indicator, observed text) once, as the reference does.
    private void add(int entry, byte[] b, int from, int to) {
        int indicator = set.indicatorOf(entry);
        for (int i = 0; i < count; i++) {
            if (set.indicatorOf(entries[i]) == indicator
                    && Arrays.equals(texts[i], froms[i], tos[i], b, from, to)) {
                return;
            }
        }
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
            froms = Arrays.copyOf(froms, count * 2);
            tos = Arrays.copyOf(tos, count * 2);
            texts = Arrays.copyOf(texts, count * 2);
        }
        texts[count] = b;
        entries[count] = entry;
        froms[count] = from;
        tos[count] = to;
        count++;
    }
}
