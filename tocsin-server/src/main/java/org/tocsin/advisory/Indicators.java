package org.tocsin.advisory;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds indicator values in prose: IPv4 and IPv6 addresses, domains, URLs, e-mail addresses and
 * MD5, SHA-1 and SHA-256 hashes, also when defanged ({@code evil[.]example}, {@code hxxp://}).
 *
 * <p>The text is read once, word by word, and each word is examined by a fixed number of passes
 * over its characters, so the time taken grows linearly with the text: no regular expression, no
 * backtracking. Prose is allowed its usual punctuation ({@code e.g.}, {@code 10:30}, {@code 24/7},
 * {@code version 2.0}, {@code Mr.Smith}) and file names such as {@code invoice.pdf}.
 */
final class Indicators {

    /** An indicator value, where it was found (the word's number, from 1) and what kind it is. */
    record Found(String kind, String value, int word) {

        String describe() {
            return "the " + kind + " '" + value + "' at word " + word;
        }
    }

    private static final String LEADING = "\"'([{<«“‘";
    private static final String TRAILING = "\"')]}>».,;!?”’";
    // Extensions of files people name in prose; a word ending in one is a file name, not a domain.
    private static final Set<String> FILE_EXTENSIONS = Set.of("pdf", "doc", "docx", "docm", "xls", "xlsx", "xlsm",
            "ppt", "pptx", "txt", "rtf", "csv", "exe", "dll", "js", "vbs", "ps1", "bat", "cmd", "lnk", "iso", "img",
            "hta", "jar", "msi", "htm", "html", "png", "jpg", "jpeg", "gif", "json", "xml", "eml", "msg");

    private Indicators() {}

    /** The first indicator value in {@code text}, if there is one. */
    static Optional<Found> first(String text) {
        int n = text.length();
        int i = 0;
        int word = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            word++;
            var token = trim(text.substring(start, i));
            if (!token.isEmpty()) {
                var kind = kindOf(undefang(token));
                if (kind != null) {
                    return Optional.of(new Found(kind, token, word));
                }
            }
        }
        return Optional.empty();
    }

    /** Counts the words of a text, as {@link #first(String)} numbers them. */
    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /** What kind of indicator a word is, or null if it is ordinary prose. */
    static String kindOf(String token) {
        int scheme = token.indexOf("://");
        if (scheme > 0 && isLetters(token, 0, scheme)) {
            return "URL";
        }
        int at = token.indexOf('@');
        if (at > 0 && at == token.lastIndexOf('@') && isDomain(token.substring(at + 1))) {
            return "e-mail address";
        }
        int slash = token.indexOf('/');
        if (slash > 0) {
            var host = token.substring(0, slash);
            var rest = token.substring(slash + 1);
            if (isIpv4(host) && isNumberUpTo(rest, 32)) {
                return "IPv4 address";
            }
            if (isIpv6(host) && isNumberUpTo(rest, 128)) {
                return "IPv6 address";
            }
            if (isDomain(host) || isIpv4(withoutPort(host))) {
                return "URL";
            }
            return null;
        }
        if (isIpv4(withoutPort(token))) {
            return "IPv4 address";
        }
        if (isIpv6(token)) {
            return "IPv6 address";
        }
        if (isHex(token)) {
            switch (token.length()) {
                case 32: return "MD5 hash";
                case 40: return "SHA-1 hash";
                case 64: return "SHA-256 hash";
                default: break;
            }
        }
        if (isDomain(withoutPort(token))) {
            return "domain";
        }
        return null;
    }

    /** Takes off the punctuation that prose puts around a word; a colon only when it ends a word like "address:". */
    private static String trim(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && LEADING.indexOf(token.charAt(start)) >= 0) {
            start++;
        }
        while (end > start) {
            char c = token.charAt(end - 1);
            if (TRAILING.indexOf(c) >= 0 || (c == ':' && end - 2 >= start && token.charAt(end - 2) != ':')) {
                end--;
            } else {
                break;
            }
        }
        return token.substring(start, end);
    }

    /** Undoes the usual defanging: [.] (.) [dot] for dots, [@] [at] for @, [:] for a colon, hxxp for http. */
    private static String undefang(String token) {
        var out = new StringBuilder(token.length());
        int i = 0;
        while (i < token.length()) {
            if (token.startsWith("[.]", i) || token.startsWith("(.)", i) || token.startsWith("{.}", i)) {
                out.append('.');
                i += 3;
            } else if (token.regionMatches(true, i, "[dot]", 0, 5) || token.regionMatches(true, i, "(dot)", 0, 5)) {
                out.append('.');
                i += 5;
            } else if (token.startsWith("[@]", i)) {
                out.append('@');
                i += 3;
            } else if (token.regionMatches(true, i, "[at]", 0, 4)) {
                out.append('@');
                i += 4;
            } else if (token.startsWith("[:]", i)) {
                out.append(':');
                i += 3;
            } else if (i == 0 && token.regionMatches(true, 0, "hxxp", 0, 4)) {
                out.append("http");
                i += 4;
            } else {
                out.append(token.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon == host.indexOf(':') && isNumberUpTo(host.substring(colon + 1), 65535)) {
            return host.substring(0, colon);
        }
        return host;
    }

    static boolean isIpv4(String s) {
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && isAsciiDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255) {
                return false;
            }
            parts++;
            if (i == n) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    static boolean isIpv6(String s) {
        int percent = s.indexOf('%');
        if (percent >= 0) {
            s = s.substring(0, percent);
        }
        int firstColon = s.indexOf(':');
        if (firstColon < 0 || firstColon == s.lastIndexOf(':')) {
            return false; // at least two colons
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && (s.indexOf("::", gap + 1) >= 0)) {
            return false; // "::" at most once, and never ":::"
        }
        int groups = 0;
        int i = 0;
        int n = s.length();
        if (gap == 0) {
            i = 2;
        }
        while (i < n) {
            int start = i;
            while (i < n && s.charAt(i) != ':') {
                i++;
            }
            var group = s.substring(start, i);
            if (i == n && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                groups += 2;
            } else {
                if (group.isEmpty() || group.length() > 4 || !isHex(group)) {
                    return false;
                }
                groups++;
            }
            if (i < n) {
                i++; // the colon
                if (i < n && s.charAt(i) == ':') {
                    i++; // the gap
                }
            }
        }
        return gap >= 0 ? groups < 8 : groups == 8;
    }

    static boolean isDomain(String s) {
        if (s.length() < 4 || s.length() > 253) {
            return false;
        }
        int labels = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int length = i - start;
                if (length < 1 || length > 63 || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == s.length()) {
                    var top = s.substring(start);
                    // A top-level label is letters, written in one case: "attacks.They" is a missing space.
                    return labels >= 2 && length >= 2 && isLetters(top, 0, length)
                            && (top.equals(top.toLowerCase(Locale.ROOT)) || top.equals(top.toUpperCase(Locale.ROOT)))
                            && !FILE_EXTENSIONS.contains(top.toLowerCase(Locale.ROOT));
                }
                start = i + 1;
            } else {
                char c = s.charAt(i);
                if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetters(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isNumberUpTo(String s, int max) {
        if (s.isEmpty() || s.length() > 5) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return false;
            }
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value <= max;
    }
}
