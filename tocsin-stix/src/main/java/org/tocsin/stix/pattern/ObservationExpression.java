package org.tocsin.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole pattern or a part of it: observations in brackets, joined with {@code AND}, {@code OR}
 * and {@code FOLLOWEDBY}, and qualified with {@code WITHIN}, {@code START … STOP} and
 * {@code REPEATS}.
 */
public sealed interface ObservationExpression {

    /**
     * How the operands of a {@link Combination} are joined, from the loosest to the tightest
     * binding: {@code [a] AND [b] OR [c] FOLLOWEDBY [d]} is {@code (([a] AND [b]) OR [c]) FOLLOWEDBY [d]}.
     */
    enum Operator {
        FOLLOWEDBY, OR, AND
    }

    /**
     * One observation, {@code [domain-name:value = 'evil.example']}.
     *
     * @param comparison what the observation must satisfy
     */
    record Observation(ComparisonExpression comparison) implements ObservationExpression {
        public Observation {
            Objects.requireNonNull(comparison, "comparison");
        }

        @Override
        public String toString() {
            return "[" + comparison + "]";
        }
    }

    /**
     * An expression with a qualifier, {@code [a] REPEATS 5 TIMES}.
     *
     * @param expression the expression qualified
     * @param qualifier the qualifier
     */
    record Qualified(ObservationExpression expression, Qualifier qualifier) implements ObservationExpression {
        public Qualified {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(qualifier, "qualifier");
        }

        @Override
        public String toString() {
            String inner = expression instanceof Combination ? "(" + expression + ")" : expression.toString();
            return inner + " " + qualifier;
        }
    }

    /**
     * Two or more expressions joined by one operator. Operands that are combinations with the same
     * operator are merged into this one, so {@code ([a] OR [b]) OR [c]} has the tree of
     * {@code [a] OR [b] OR [c]}.
     *
     * @param operator the operator
     * @param operands the operands in order, at least two
     */
    record Combination(Operator operator, List<ObservationExpression> operands) implements ObservationExpression {

        /** @throws IllegalArgumentException if there are fewer than two operands */
        public Combination {
            Objects.requireNonNull(operator, "operator");
            List<ObservationExpression> flat = new ArrayList<>(operands.size());
            for (ObservationExpression operand : operands) {
                if (operand instanceof Combination inner && inner.operator == operator) {
                    flat.addAll(inner.operands);
                } else {
                    flat.add(Objects.requireNonNull(operand, "operand"));
                }
            }
            if (flat.size() < 2) {
                throw new IllegalArgumentException(operator + " needs at least two operands");
            }
            operands = List.copyOf(flat);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (ObservationExpression operand : operands) {
                if (!text.isEmpty()) {
                    text.append(' ').append(operator).append(' ');
                }
                boolean parenthesise = operand instanceof Combination inner
                        && inner.operator.compareTo(operator) < 0;
                text.append(parenthesise ? "(" + operand + ")" : operand.toString());
            }
            return text.toString();
        }
    }
}
