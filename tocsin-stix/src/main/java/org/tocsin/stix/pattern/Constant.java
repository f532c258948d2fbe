package org.tocsin.stix.pattern;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A constant on the right of a comparison. Each kind renders back to the pattern text it is read
 * from ({@link #toString()}).
 */
public sealed interface Constant {

    /**
     * A string, {@code 'evil.example'}.
     *
     * @param value the string with its escapes ({@code \'} and {@code \\}) removed
     */
    record StringValue(String value) implements Constant {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return PatternText.quote(value);
        }
    }

    /**
     * An integer, {@code 443} or {@code -1}.
     *
     * @param value the value, of any size the pattern length allows
     */
    record IntegerValue(BigInteger value) implements Constant {
        public IntegerValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /**
     * A floating-point number, {@code 2.5} or {@code -.5}, kept exactly as decimal digits.
     *
     * @param value the value; a scale below 1 is raised to 1, so that it renders with a point
     */
    record FloatValue(BigDecimal value) implements Constant {
        public FloatValue {
            Objects.requireNonNull(value, "value");
            if (value.scale() < 1) {
                value = value.setScale(1);
            }
        }

        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the value
     */
    record BooleanValue(boolean value) implements Constant {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * A timestamp, {@code t'2016-02-22T09:00:00.000Z'}.
     *
     * @param text the text between the quotes, in the pattern grammar's form
     *             ({@code YYYY-MM-DDTHH:MM:SS[.s+]Z}), kept as written so that precision is not lost
     */
    record TimestampValue(String text) implements Constant {
        /** @throws IllegalArgumentException if the text is not such a timestamp */
        public TimestampValue {
            Objects.requireNonNull(text, "text");
            String problem = PatternText.timestampProblem(text);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        /**
         * Returns the moment; a leap second {@code 23:59:60} is read as the last instant of
         * {@code 23:59:59}.
         *
         * @return the instant
         */
        public Instant instant() {
            return PatternText.instant(text);
        }

        @Override
        public String toString() {
            return "t'" + text + "'";
        }
    }

    /**
     * Bytes written in hexadecimal, {@code h'ee'}.
     *
     * @param hex the hexadecimal digits as written, an even number of them
     */
    record HexValue(String hex) implements Constant {
        /** @throws IllegalArgumentException if {@code hex} is not pairs of hexadecimal digits */
        public HexValue {
            Objects.requireNonNull(hex, "hex");
            if (hex.length() % 2 != 0 || !hex.chars().allMatch(PatternText::isHexDigit)) {
                throw new IllegalArgumentException("Not pairs of hexadecimal digits: \"" + hex + "\"");
            }
        }

        /** @return the bytes */
        public byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }

        @Override
        public String toString() {
            return "h'" + hex + "'";
        }
    }

    /**
     * Bytes written in base64, {@code b64'dGhpcyBpcyBhIHRlc3Q='}.
     *
     * @param base64 the base64 text as written, padded to a multiple of four characters
     */
    record BinaryValue(String base64) implements Constant {
        /** @throws IllegalArgumentException if {@code base64} is not padded base64 */
        public BinaryValue {
            Objects.requireNonNull(base64, "base64");
            if (PatternText.base64Problem(base64) >= 0) {
                throw new IllegalArgumentException("Not padded base64: \"" + base64 + "\"");
            }
        }

        /** @return the bytes */
        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }

        @Override
        public String toString() {
            return "b64'" + base64 + "'";
        }
    }

    /**
     * The set on the right of {@code IN}, {@code ('a', 'b')}; it may be empty.
     *
     * @param members the members in the order written; never sets themselves
     */
    record SetValue(List<Constant> members) implements Constant {
        /** @throws IllegalArgumentException if a member is itself a set */
        public SetValue {
            members = List.copyOf(members);
            if (members.stream().anyMatch(SetValue.class::isInstance)) {
                throw new IllegalArgumentException("A set cannot contain a set");
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("(");
            for (int i = 0; i < members.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(members.get(i));
            }
            return text.append(')').toString();
        }
    }
}
