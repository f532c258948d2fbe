package org.tocsin.stix.pattern;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;

/** The lexical rules of the pattern grammar that both the lexer and the renderer follow. */
final class PatternText {

    /** Words the grammar reserves; they can be neither object types nor bare property names. */
    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES",
            "ISSUPERSET", "ISSUBSET", "EXISTS", "LAST", "IN", "START", "STOP", "SECONDS", "true", "false",
            "WITHIN", "REPEATS", "TIMES");

    private PatternText() {
    }

    static boolean isIdentifierStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentifierPart(int c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isBase64Char(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '/';
    }

    /** Whether a property name can be written without quotes. */
    static boolean isBareName(String name) {
        if (name.isEmpty() || !isIdentifierStart(name.charAt(0)) || KEYWORDS.contains(name)) {
            return false;
        }
        return name.chars().allMatch(PatternText::isIdentifierPart);
    }

    /** Whether a name is an object type the grammar can read: an identifier that may have hyphens. */
    static boolean isObjectType(String name) {
        if (name.isEmpty() || !isIdentifierStart(name.charAt(0)) || KEYWORDS.contains(name)) {
            return false;
        }
        return name.chars().allMatch(c -> isIdentifierPart(c) || c == '-');
    }

    static String quote(String value) {
        StringBuilder text = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                text.append('\\');
            }
            text.append(c);
        }
        return text.append('\'').toString();
    }

    /**
     * Checks the text of a timestamp constant: {@code YYYY-MM-DDTHH:MM:SS[.s+]Z} as the grammar has
     * it, a real calendar date, and a leap second only at 23:59.
     *
     * @return {@code null} if it is good, else what is wrong
     */
    static String timestampProblem(String t) {
        String expected = "expected a timestamp YYYY-MM-DDTHH:MM:SS[.fraction]Z";
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return expected;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
            if (!isDigit(t.charAt(i))) {
                return expected;
            }
        }
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return expected;
            }
            for (int i = 20; i < n - 1; i++) {
                if (!isDigit(t.charAt(i))) {
                    return expected;
                }
            }
        }
        int year = Integer.parseInt(t, 0, 4, 10);
        int month = Integer.parseInt(t, 5, 7, 10);
        int day = Integer.parseInt(t, 8, 10, 10);
        int hour = Integer.parseInt(t, 11, 13, 10);
        int minute = Integer.parseInt(t, 14, 16, 10);
        int second = Integer.parseInt(t, 17, 19, 10);
        if (month < 1 || month > 12 || day < 1 || !YearMonth.of(year, month).isValidDay(day)) {
            return "no such date: " + t.substring(0, 10);
        }
        if (hour > 23 || minute > 59 || second > 60 || (second == 60 && (hour != 23 || minute != 59))) {
            return "no such time of day: " + t.substring(11, 19);
        }
        return null;
    }

    static Instant instant(String t) {
        int second = Integer.parseInt(t, 17, 19, 10);
        LocalDateTime time = LocalDateTime.of(Integer.parseInt(t, 0, 4, 10), Integer.parseInt(t, 5, 7, 10),
                Integer.parseInt(t, 8, 10, 10), Integer.parseInt(t, 11, 13, 10), Integer.parseInt(t, 14, 16, 10),
                Math.min(second, 59));
        long nanos = 0;
        if (second == 60) {
            nanos = 999_999_999;
        } else if (t.length() > 20) {
            String fraction = (t.substring(20, t.length() - 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(fraction);
        }
        return time.toInstant(ZoneOffset.UTC).plusNanos(nanos);
    }

    /**
     * Checks padded base64 as the grammar has it: groups of four characters, at least one, with
     * {@code =} or {@code ==} padding only at the end.
     *
     * @return -1 if it is good, else the index of the first character that is wrong (the length
     *         if it ends too early)
     */
    static int base64Problem(String s) {
        int n = s.length();
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean padding = c == '=' && i >= n - 2 && i % 4 >= 2 && (i == n - 1 || s.charAt(n - 1) == '=');
            if (!isBase64Char(c) && !padding) {
                return i;
            }
        }
        return n % 4 == 0 ? -1 : n;
    }

    /** @return {@code null} if the constant suits the operator, else what is wrong */
    static String operandProblem(ComparisonOperator operator, Constant value) {
        return switch (operator) {
            case IN -> value instanceof Constant.SetValue ? null : "IN needs a set such as ('a', 'b')";
            case LIKE, MATCHES, IS_SUBSET, IS_SUPERSET ->
                    value instanceof Constant.StringValue ? null : operator + " needs a string";
            case EQUAL, NOT_EQUAL -> value instanceof Constant.SetValue ? operator + " cannot take a set" : null;
            case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
                    value instanceof Constant.SetValue || value instanceof Constant.BooleanValue
                            ? operator + " needs a value that can be ordered" : null;
        };
    }
}
