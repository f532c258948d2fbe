package org.tocsin.cli.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the indicators to sweep for from a file: the TSV form ({@code type<TAB>value} a line,
 * the indicator's id being its 0-based line number; empty lines and lines starting with
 * {@code #} are skipped but counted) or a STIX 2.1 bundle (a JSON file starting with {@code {}).
 */
public final class IndicatorFile {

    private IndicatorFile() {
    }

    /**
     * Reads and indexes the indicators of a file.
     *
     * @throws SweepException if the file cannot be read or holds something that is not an
     *                        indicator, with the line (and for JSON the column) where it is
     */
    public static IndicatorSet read(Path path) throws SweepException {
        if (isStixBundle(path)) {
            return StixBundle.read(path);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new SweepException("Cannot read the indicators " + path + ": " + e.getMessage());
        }
        return tsv(path.toString(), bytes);
    }

    /**
     * Whether a file of indicators is a STIX bundle (JSON, starting with {@code {}) rather than
     * the TSV form.
     *
     * @throws SweepException if the file cannot be read
     */
    public static boolean isStixBundle(Path path) throws SweepException {
        try (InputStream in = Files.newInputStream(path)) {
            int first;
            do {
                first = in.read();
            } while (first == ' ' || first == '\t' || first == '\r' || first == '\n' || first == 0xEF || first == 0xBB
                    || first == 0xBF);
            return first == '{';
        } catch (NoSuchFileException e) {
            throw new SweepException("Cannot read the indicators " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new SweepException("Cannot read the indicators " + path + ": permission denied");
        } catch (IOException e) {
            throw new SweepException("Cannot read the indicators " + path + ": " + e.getMessage());
        }
    }

    /**
     * Reads the indicators of a local copy of a TAXII collection: STIX objects one a line, of
     * which the latest version of each counts.
     *
     * @param path the copy
     * @param name how messages name the collection
     * @throws SweepException if the copy cannot be read or holds a malformed indicator
     */
    public static IndicatorSet readObjectLines(Path path, String name) throws SweepException {
        return StixBundle.readObjectLines(path, name);
    }

    /**
     * The TLP labels of indicators of a STIX bundle, or of a local copy of a TAXII collection
     * ({@code objectLines}): for each id wanted, the label of the version swept, if it has one.
     *
     * @throws SweepException if the file cannot be read
     */
    public static java.util.Map<String, org.tocsin.stix.Tlp> labels(Path path, boolean objectLines,
            java.util.Set<String> wanted) throws SweepException {
        return StixBundle.labels(path, objectLines, wanted);
    }

    /** Reads the TSV form from bytes, which the set keeps (they must not change afterwards). */
    public static IndicatorSet tsv(String name, byte[] b) throws SweepException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        int lines = 1;
        for (int i = ByteSearch.indexOf(b, 0, b.length, (byte) '\n'); i >= 0; i = ByteSearch.indexOf(b, i + 1, b.length, (byte) '\n')) {
            lines++;
        }
        builder.expect(lines, b.length);
        IndicatorType[] types = IndicatorType.values();
        byte[][] labels = new byte[types.length][];
        for (IndicatorType t : types) {
            labels[t.ordinal()] = t.label().getBytes(StandardCharsets.US_ASCII);
        }
        int s = 0;
        long line = 0;
        int n = b.length;
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            s = 3;   // a byte-order mark
        }
        while (s < n) {
            int nl = ByteSearch.indexOf(b, s, n, (byte) '\n');
            int e = nl < 0 ? n : nl;
            int end = e > s && b[e - 1] == '\r' ? e - 1 : e;
            if (end > s && b[s] != '#') {
                int tab = ByteSearch.indexOf(b, s, end, (byte) '\t');
                if (tab < 0) {
                    throw new SweepException(name + " line " + (line + 1)
                            + ": expected a type, a tab and a value (type<TAB>value)");
                }
                IndicatorType type = null;
                for (IndicatorType t : types) {
                    if (equalsIgnoreCase(b, s, tab, labels[t.ordinal()])) {
                        type = t;
                        break;
                    }
                }
                if (type == null) {
                    throw new SweepException(name + " line " + (line + 1) + ": unknown indicator type \""
                            + IndicatorSet.Builder.printable(new String(b, s, tab - s, StandardCharsets.UTF_8))
                            + "\"; expected one of domain, ipv4, ipv6, url, email, md5, sha1, sha256");
                }
                int indicator = builder.numberedIndicator(line);
                try {
                    builder.add(indicator, type, b, tab + 1, end);
                } catch (InvalidIndicatorException ex) {
                    throw new SweepException(name + " line " + (line + 1) + ": " + ex.getMessage());
                }
            }
            line++;
            s = e + 1;
        }
        return builder.build();
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lowerLabel) {
        if (to - from != lowerLabel.length) {
            return false;
        }
        for (int i = 0; i < lowerLabel.length; i++) {
            if (IndicatorSet.lower(b[from + i]) != lowerLabel[i] || b[from + i] < 0) {
                return false;
            }
        }
        return true;
    }
}
