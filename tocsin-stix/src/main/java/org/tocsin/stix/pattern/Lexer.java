package org.tocsin.stix.pattern;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Splits pattern text into tokens, one at a time as the parser asks, so that the first problem in
 * the text is the one reported. Every character is looked at a fixed number of times: the time
 * taken is linear in the length of the text, whatever it holds.
 */
final class Lexer {

    enum Kind {
        LEFT_BRACKET("'['"), RIGHT_BRACKET("']'"), LEFT_PAREN("'('"), RIGHT_PAREN("')'"), COLON("':'"),
        DOT("'.'"), COMMA("','"), ASTERISK("'*'"),
        EQUAL("'='"), NOT_EQUAL("'!='"), LESS_THAN("'<'"), LESS_THAN_OR_EQUAL("'<='"), GREATER_THAN("'>'"),
        GREATER_THAN_OR_EQUAL("'>='"),
        AND("AND"), OR("OR"), NOT("NOT"), FOLLOWEDBY("FOLLOWEDBY"), LIKE("LIKE"), MATCHES("MATCHES"),
        ISSUPERSET("ISSUPERSET"), ISSUBSET("ISSUBSET"), EXISTS("EXISTS"), LAST("LAST"), IN("IN"),
        START("START"), STOP("STOP"), SECONDS("SECONDS"), WITHIN("WITHIN"), REPEATS("REPEATS"),
        TIMES("TIMES"), TRUE("true"), FALSE("false"),
        IDENTIFIER("a name"), HYPHENATED_IDENTIFIER("a name"),
        STRING("a string"), INTEGER("an integer"), FLOAT("a number"), TIMESTAMP("a timestamp"),
        HEX("a hex constant"), BINARY("a base64 constant"),
        END("end of pattern");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /**
     * A token.
     *
     * @param value for constants, the value read ({@link String}, {@link BigInteger},
     *              {@link BigDecimal}); {@code null} otherwise
     */
    record Token(Kind kind, int start, int end, Object value) {
    }

    private final String text;
    private final int maxLength;
    private int position;

    Lexer(String text, int maxLength) {
        this.text = text;
        this.maxLength = maxLength;
    }

    String text(Token token) {
        return text.substring(token.start(), token.end());
    }

    /**
     * Reads the next token.
     *
     * @throws PatternException if the text is not a token, or the token goes past the greatest
     *         length accepted: a text that is too long is refused when reading reaches the limit, so
     *         that a problem before it is the one reported
     */
    Token next() {
        Token token = token();
        if (token.end() > maxLength || (token.kind() == Kind.END && text.length() > maxLength)) {
            throw new PatternException(maxLength, "pattern is " + text.length() + " characters long; at most "
                    + maxLength + " are accepted");
        }
        return token;
    }

    private Token token() {
        skipSpaceAndComments();
        int start = position;
        if (position >= text.length()) {
            return new Token(Kind.END, start, start, null);
        }
        char c = text.charAt(position);
        switch (c) {
            case '[': return single(Kind.LEFT_BRACKET);
            case ']': return single(Kind.RIGHT_BRACKET);
            case '(': return single(Kind.LEFT_PAREN);
            case ')': return single(Kind.RIGHT_PAREN);
            case ':': return single(Kind.COLON);
            case ',': return single(Kind.COMMA);
            case '*': return single(Kind.ASTERISK);
            case '\'': return string(start, start);
            case '=':
                position += at(start + 1) == '=' ? 2 : 1;
                return new Token(Kind.EQUAL, start, position, null);
            case '!':
                if (at(start + 1) == '=') {
                    position += 2;
                    return new Token(Kind.NOT_EQUAL, start, position, null);
                }
                throw unexpected(start);
            case '<':
                if (at(start + 1) == '=' || at(start + 1) == '>') {
                    position += 2;
                    return new Token(at(start + 1) == '=' ? Kind.LESS_THAN_OR_EQUAL : Kind.NOT_EQUAL, start, position, null);
                }
                return single(Kind.LESS_THAN);
            case '>':
                if (at(start + 1) == '=') {
                    position += 2;
                    return new Token(Kind.GREATER_THAN_OR_EQUAL, start, position, null);
                }
                return single(Kind.GREATER_THAN);
            case '.':
                return PatternText.isDigit(at(start + 1)) ? number(start) : single(Kind.DOT);
            case '+', '-':
                if (PatternText.isDigit(at(start + 1)) || (at(start + 1) == '.' && PatternText.isDigit(at(start + 2)))) {
                    return number(start);
                }
                throw unexpected(start);
            default:
                if (PatternText.isDigit(c)) {
                    return number(start);
                }
                if (PatternText.isIdentifierStart(c)) {
                    return word(start);
                }
                throw unexpected(start);
        }
    }

    private int at(int index) {
        return index < text.length() ? text.charAt(index) : -1;
    }

    private Token single(Kind kind) {
        position++;
        return new Token(kind, position - 1, position, null);
    }

    private PatternException unexpected(int start) {
        int codePoint = text.codePointAt(start);
        String shown = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? String.format("U+%04X", codePoint)
                : "'" + new String(Character.toChars(codePoint)) + "'";
        return new PatternException(start, "unexpected character " + shown);
    }

    private void skipSpaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (isSpace(c)) {
                position++;
            } else if (c == '/' && at(position + 1) == '*') {
                int close = text.indexOf("*/", position + 2);
                if (close < 0) {
                    throw new PatternException(position, "comment '/*' is never closed with '*/'");
                }
                position = close + 2;
            } else if (c == '/' && at(position + 1) == '/') {
                while (position < text.length() && text.charAt(position) != '\n' && text.charAt(position) != '\r') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    // The grammar's white space: ASCII space and controls, and the Unicode spaces it lists.
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u000B' || c == '\u000C' || c == '\u0085'
                || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028'
                || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    private Token number(int start) {
        int i = start;
        if (text.charAt(i) == '+' || text.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (PatternText.isDigit(at(i))) {
            i++;
        }
        boolean isFloat = at(i) == '.' && PatternText.isDigit(at(i + 1));
        if (isFloat) {
            i++;
            while (PatternText.isDigit(at(i))) {
                i++;
            }
        }
        if (PatternText.isIdentifierStart(at(i))) {
            throw new PatternException(start, "malformed number '" + text.substring(start, i + 1) + "'");
        }
        position = i;
        String number = text.substring(text.charAt(start) == '+' ? start + 1 : start, i);
        if (isFloat) {
            return new Token(Kind.FLOAT, start, i, new BigDecimal(number));
        }
        if (text.charAt(digits) == '0' && i - digits > 1) {
            throw new PatternException(start, "an integer cannot start with 0: '" + text.substring(start, i) + "'");
        }
        return new Token(Kind.INTEGER, start, i, new BigInteger(number));
    }

    private Token word(int start) {
        int i = start + 1;
        while (PatternText.isIdentifierPart(at(i))) {
            i++;
        }
        String word = text.substring(start, i);
        if (at(i) == '\'') {
            switch (word) {
                case "t": return timestamp(start, i);
                case "h": return hex(start, i);
                case "b64": return binary(start, i);
                default: throw new PatternException(start,
                        "unknown constant prefix '" + word + "'; expected t'…', h'…' or b64'…'");
            }
        }
        boolean hyphenated = false;
        while (PatternText.isIdentifierPart(at(i)) || at(i) == '-') {
            hyphenated |= at(i) == '-';
            i++;
        }
        position = i;
        if (hyphenated) {
            return new Token(Kind.HYPHENATED_IDENTIFIER, start, i, text.substring(start, i));
        }
        if (PatternText.KEYWORDS.contains(word)) {
            return new Token(Kind.valueOf(word.toUpperCase(java.util.Locale.ROOT)), start, i, null);
        }
        return new Token(Kind.IDENTIFIER, start, i, word);
    }

    /** A quoted string; {@code quote} is where the quote is, {@code start} where the token begins. */
    private Token string(int start, int quote) {
        StringBuilder value = new StringBuilder();
        int i = quote + 1;
        while (true) {
            if (i >= text.length()) {
                throw new PatternException(quote, "string is never closed with a quote");
            }
            char c = text.charAt(i);
            if (c == '\'') {
                break;
            }
            if (c == '\\') {
                int next = at(i + 1);
                if (next != '\'' && next != '\\') {
                    throw new PatternException(i, "a backslash in a string must be followed by ' or \\");
                }
                value.append((char) next);
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        position = i + 1;
        return new Token(Kind.STRING, start, position, value.toString());
    }

    private int closingQuote(int start, int quote, String what) {
        int close = text.indexOf('\'', quote + 1);
        if (close < 0) {
            throw new PatternException(start, what + " is never closed with a quote");
        }
        return close;
    }

    private Token timestamp(int start, int quote) {
        int close = closingQuote(start, quote, "timestamp");
        String value = text.substring(quote + 1, close);
        String problem = PatternText.timestampProblem(value);
        if (problem != null) {
            throw new PatternException(start, problem + " but found t'" + shorten(value) + "'");
        }
        position = close + 1;
        return new Token(Kind.TIMESTAMP, start, position, value);
    }

    private Token hex(int start, int quote) {
        int close = closingQuote(start, quote, "hex constant");
        for (int i = quote + 1; i < close; i++) {
            if (!PatternText.isHexDigit(text.charAt(i))) {
                throw new PatternException(i, "expected a hexadecimal digit in h'…' but found '" + text.charAt(i) + "'");
            }
        }
        if ((close - quote - 1) % 2 != 0) {
            throw new PatternException(close, "a hex constant needs an even number of digits");
        }
        position = close + 1;
        return new Token(Kind.HEX, start, position, text.substring(quote + 1, close));
    }

    private Token binary(int start, int quote) {
        int close = closingQuote(start, quote, "base64 constant");
        String value = text.substring(quote + 1, close);
        int problem = PatternText.base64Problem(value);
        if (problem >= 0) {
            throw new PatternException(quote + 1 + problem, problem == value.length()
                    ? "base64 in b64'…' must be padded to a multiple of 4 characters"
                    : "expected base64 in b64'…' but found '" + value.charAt(problem) + "'");
        }
        position = close + 1;
        return new Token(Kind.BINARY, start, position, value);
    }

    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
