package org.tocsin.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one observation must satisfy: the text between {@code [} and {@code ]}, a tree of
 * comparisons joined with {@code AND} and {@code OR}.
 */
public sealed interface ComparisonExpression {

    /** How the operands of a {@link Combination} are joined; {@code AND} binds tighter. */
    enum Operator {
        OR, AND
    }

    /**
     * One comparison, {@code file:size NOT > 1024}.
     *
     * @param path the object path on the left
     * @param negated whether {@code NOT} precedes the operator
     * @param operator the operator
     * @param value the constant on the right: a {@link Constant.SetValue} exactly for {@code IN}, a
     *        {@link Constant.StringValue} for {@code LIKE}, {@code MATCHES}, {@code ISSUBSET} and
     *        {@code ISSUPERSET}, and no {@link Constant.BooleanValue} for the order operators
     */
    record Comparison(ObjectPath path, boolean negated, ComparisonOperator operator, Constant value)
            implements ComparisonExpression {

        /** @throws IllegalArgumentException if the constant does not suit the operator */
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            String problem = PatternText.operandProblem(operator, value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        @Override
        public String toString() {
            return path + (negated ? " NOT " : " ") + operator + " " + value;
        }
    }

    /**
     * {@code EXISTS file:hashes.MD5}.
     *
     * @param path the object path that must be present
     */
    record Exists(ObjectPath path) implements ComparisonExpression {
        public Exists {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "EXISTS " + path;
        }
    }

    /**
     * Two or more expressions joined by one operator. Operands that are combinations with the same
     * operator are merged into this one, since {@code AND} and {@code OR} are associative: the
     * tree of {@code (a OR b) OR c} is that of {@code a OR b OR c}.
     *
     * @param operator the operator
     * @param operands the operands in order, at least two
     */
    record Combination(Operator operator, List<ComparisonExpression> operands) implements ComparisonExpression {

        /** @throws IllegalArgumentException if there are fewer than two operands */
        public Combination {
            Objects.requireNonNull(operator, "operator");
            List<ComparisonExpression> flat = new ArrayList<>(operands.size());
            for (ComparisonExpression operand : operands) {
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
            for (ComparisonExpression operand : operands) {
                if (!text.isEmpty()) {
                    text.append(' ').append(operator).append(' ');
                }
                // Only an OR inside an AND needs parentheses: AND binds tighter, and same-operator
                // operands were merged.
                boolean parenthesise = operand instanceof Combination inner && inner.operator == Operator.OR;
                text.append(parenthesise ? "(" + operand + ")" : operand.toString());
            }
            return text.toString();
        }
    }
}
