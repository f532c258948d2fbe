package org.tocsin.stix.pattern;

import java.math.BigDecimal;
import java.util.Objects;

/** A qualifier that follows an observation expression and restricts when or how often it matches. */
public sealed interface Qualifier {

    /**
     * {@code WITHIN 300 SECONDS}: all the observations fall within this time window.
     *
     * @param seconds the length of the window, positive; a negative scale is raised to 0, so that it
     *        renders as the number it is
     */
    record Within(BigDecimal seconds) implements Qualifier {
        /** @throws IllegalArgumentException if {@code seconds} is not positive */
        public Within {
            Objects.requireNonNull(seconds, "seconds");
            if (seconds.signum() <= 0) {
                throw new IllegalArgumentException("WITHIN needs a positive number of seconds");
            }
            if (seconds.scale() < 0) {
                seconds = seconds.setScale(0);
            }
        }

        @Override
        public String toString() {
            return "WITHIN " + seconds.toPlainString() + " SECONDS";
        }
    }

    /**
     * {@code START t'…' STOP t'…'}: the observations fall between the two moments.
     *
     * @param start the first moment, included
     * @param stop the moment after the window, later than {@code start}
     */
    record StartStop(Constant.TimestampValue start, Constant.TimestampValue stop) implements Qualifier {
        /** @throws IllegalArgumentException if {@code stop} is not later than {@code start} */
        public StartStop {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(stop, "stop");
            if (!stop.instant().isAfter(start.instant())) {
                throw new IllegalArgumentException("STOP must be later than START");
            }
        }

        @Override
        public String toString() {
            return "START " + start + " STOP " + stop;
        }
    }

    /**
     * {@code REPEATS 5 TIMES}: the expression matches this many times.
     *
     * @param times how many times, at least 1
     */
    record Repeats(int times) implements Qualifier {
        /** @throws IllegalArgumentException if {@code times} is below 1 */
        public Repeats {
            if (times < 1) {
                throw new IllegalArgumentException("REPEATS needs a positive number of times");
            }
        }

        @Override
        public String toString() {
            return "REPEATS " + times + " TIMES";
        }
    }
}
