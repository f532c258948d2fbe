package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The log formats sweep reads, and how it tells them apart from the first lines of a file.
 */
public enum LogFormat {
    /** Squid's native access.log. */
    SQUID("squid"),
    /** BIND 9's query log. */
    BIND("bind"),
    /** Postfix's syslog lines. */
    POSTFIX("postfix"),
    /** Sysmon events as key=value text lines. */
    SYSMON("sysmon"),
    /** Apache's and nginx's combined access log. */
    COMBINED("combined"),
    /** Zeek's tab-separated logs, with their #fields header. */
    ZEEK("zeek"),
    /** JSON lines with Elastic Common Schema (or Zeek) field names. */
    JSON("json"),
    /** Any text: every observable found by its shape. */
    TEXT("text");

    private static final int SAMPLE_LINES = 20;

    private final String label;

    LogFormat(String label) {
        this.label = label;
    }

    /** The name used by {@code --format}. */
    public String label() {
        return label;
    }

    /** The format with this name, ignoring case, or {@code null}. */
    public static LogFormat ofLabel(String label) {
        for (LogFormat f : values()) {
            if (f.label.equalsIgnoreCase(label) || f.name().equalsIgnoreCase(label)) {
                return f;
            }
        }
        return null;
    }

    /** The names {@code --format} takes, for usage help and error messages. */
    public static String labels() {
        StringBuilder s = new StringBuilder();
        for (LogFormat f : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(f.label);
        }
        return s.toString();
    }

    /** The parser for a log of this format whose first bytes are {@code head}, or {@code null} if they do not suffice (a Zeek log without its header). */
    LineParser parser(byte[] head, int length) {
        return switch (this) {
            case SQUID -> new SquidAccessLog();
            case BIND -> new BindQueryLog();
            case POSTFIX -> new PostfixLog();
            case SYSMON -> new SysmonLog();
            case COMBINED -> new CombinedLog();
            case ZEEK -> ZeekLog.of(head, length);
            case JSON -> new JsonLines();
            case TEXT -> new FreeText();
        };
    }

    /**
     * Tells the format from the first lines of a log: Zeek by its header; else the format that
     * reads most of up to 20 non-empty lines (not counting {@code #} comments), if it reads at
     * least half of them; else free text.
     */
    static LogFormat detect(byte[] head, int length) {
        String start = new String(head, 0, Math.min(length, 16), StandardCharsets.ISO_8859_1);
        if (start.startsWith("#separator") || start.startsWith("#fields\t")) {
            return ZEEK;
        }
        int[] votes = new int[values().length];
        int lines = 0;
        int i = 0;
        while (i < length && lines < SAMPLE_LINES) {
            int nl = ByteSearch.indexOf(head, i, length, (byte) '\n');
            int end = nl < 0 ? length : nl;
            if (nl < 0 && lines > 0) {
                break;   // a cut-off last line says little
            }
            int lineEnd = end > i && head[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd > i && head[i] != '#') {
                lines++;
                for (LogFormat f : values()) {
                    if (f.looksLike(head, i, lineEnd)) {
                        votes[f.ordinal()]++;
                    }
                }
            }
            i = end + 1;
        }
        LogFormat best = null;
        int bestVotes = 0;
        for (LogFormat f : values()) {
            if (votes[f.ordinal()] > bestVotes) {
                best = f;
                bestVotes = votes[f.ordinal()];
            }
        }
        return lines > 0 && bestVotes * 2 >= lines ? best : TEXT;
    }

    private boolean looksLike(byte[] b, int from, int to) {
        String line = new String(b, from, Math.min(to - from, 4096), StandardCharsets.ISO_8859_1);
        return switch (this) {
            case SQUID -> line.matches("^\\d{9,}\\.\\d{1,6} +\\d+ \\S+ [A-Z_]+/\\d{3} .*") && line.split(" +").length >= 10;
            case BIND -> line.contains(" client ") && line.contains("): query: ");
            case POSTFIX -> line.toLowerCase(Locale.ROOT).contains(" postfix/") || line.contains(" postfix[");
            case SYSMON -> line.contains("EventID=") && (line.contains("Sysmon") || line.contains(" Hashes="));
            case COMBINED -> line.matches("^(\\S+ )?\\S+ \\S+ \\S+ \\[[^\\]]+\\] \".*");
            case JSON -> line.startsWith("{") && line.stripTrailing().endsWith("}");
            case ZEEK, TEXT -> false;
        };
    }
}
