package org.tocsin.stix.pattern;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A STIX 2.1 pattern (specification part 9), read into an immutable syntax tree.
 *
 * <p>{@link #parse(String)} accepts exactly the language of the specification's grammar: every
 * observation and comparison operator, the three qualifiers, all constant kinds, object paths
 * with quoted names and list indexes, and comments. It is also what decides whether an
 * indicator's pattern is valid. It is safe on hostile input: the text may be at most
 * {@link #MAX_LENGTH} characters and nest at most {@link #MAX_DEPTH} levels deep, it is read in
 * time linear in its length with no regular expressions, and any problem is a
 * {@link PatternException} giving the character position.
 *
 * <p>Two patterns are equal when their trees are equal; {@link #toString()} gives canonical
 * pattern text, which parses back to an equal pattern.
 */
public final class Pattern {

    /** The longest pattern text accepted, in characters: 64 KiB. */
    public static final int MAX_LENGTH = 65_536;

    /** The deepest nesting of brackets, parentheses and qualifiers accepted. */
    public static final int MAX_DEPTH = 100;

    private final ObservationExpression expression;
    private final List<Observable> observables;

    private Pattern(ObservationExpression expression) {
        this.expression = expression;
        this.observables = extract(expression);
    }

    /**
     * Reads a pattern.
     *
     * @param text the pattern, such as {@code [domain-name:value = 'evil.example']}
     * @return the pattern
     * @throws PatternException if the text is not a valid pattern, is longer than
     *         {@link #MAX_LENGTH} or nests deeper than {@link #MAX_DEPTH}; the message gives the
     *         0-based position, what was expected and what was found, for example
     *         {@code "at 23: expected ']', AND or OR but found 'FOLLOWEDBY'"}. The first problem
     *         in the text is the one reported: a text that is too long is refused at position
     *         {@link #MAX_LENGTH} unless a problem comes before
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public static Pattern parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Pattern(new Parser(text).pattern());
    }

    /**
     * Makes a pattern of a syntax tree built by hand.
     *
     * @param expression the tree
     * @return the pattern
     */
    public static Pattern of(ObservationExpression expression) {
        return new Pattern(Objects.requireNonNull(expression, "expression"));
    }

    /** @return the syntax tree */
    public ObservationExpression expression() {
        return expression;
    }

    /**
     * Returns the simple observables of this pattern: the values that, each on its own, are enough
     * for the pattern to match.
     *
     * <p>A value is taken from a comparison {@code path = 'value'} or {@code path IN ('v1', 'v2')}
     * (each string member), without {@code NOT}, whose path is one of {@code domain-name:value},
     * {@code ipv4-addr:value}, {@code ipv6-addr:value} (CIDR ranges are kept as written),
     * {@code url:value}, {@code email-addr:value} and {@code file:hashes.NAME} where NAME is
     * {@code MD5}, {@code SHA-1} or {@code SHA-256} (quoted or not, in any case, with or without
     * the hyphen).
     *
     * <p>The comparison must stand in an <em>OR-only position</em>: on its way up to the root of
     * the pattern it meets only {@code OR} (between comparisons or between observations),
     * brackets, parentheses and the qualifiers {@code WITHIN} and {@code START … STOP}. A value
     * under {@code AND} or {@code FOLLOWEDBY} matches only together with something else, and one
     * under {@code REPEATS n TIMES} with n above 1 only when seen several times, so neither is a
     * simple sighting condition and neither is returned. {@code START … STOP} limits when a value
     * counts; the window is not part of the observable, and a caller that cares reads it from
     * {@link #expression()}.
     *
     * @return the observables in the order they appear in the pattern, without duplicates;
     *         empty if there are none
     */
    public List<Observable> observables() {
        return observables;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pattern pattern && expression.equals(pattern.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    /**
     * Renders the pattern as canonical text: single spaces around operators, parentheses only
     * where precedence needs them, property names quoted only where the grammar needs it, and
     * {@code =} and {@code !=} for their alternative spellings.
     */
    @Override
    public String toString() {
        return expression.toString();
    }

    private static List<Observable> extract(ObservationExpression root) {
        Set<Observable> found = new LinkedHashSet<>();
        // Explicit stacks: the tree is shallow, but this walk need not rely on it.
        List<Object> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Object next = pending.remove(pending.size() - 1);
            if (next instanceof ObservationExpression.Observation observation) {
                pending.add(observation.comparison());
            } else if (next instanceof ObservationExpression.Combination combination) {
                if (combination.operator() == ObservationExpression.Operator.OR) {
                    pushReversed(pending, combination.operands());
                }
            } else if (next instanceof ObservationExpression.Qualified qualified) {
                if (!(qualified.qualifier() instanceof Qualifier.Repeats repeats) || repeats.times() == 1) {
                    pending.add(qualified.expression());
                }
            } else if (next instanceof ComparisonExpression.Combination combination) {
                if (combination.operator() == ComparisonExpression.Operator.OR) {
                    pushReversed(pending, combination.operands());
                }
            } else if (next instanceof ComparisonExpression.Comparison comparison) {
                add(found, comparison);
            }
        }
        return List.copyOf(found);
    }

    private static void pushReversed(List<Object> pending, List<?> operands) {
        for (int i = operands.size() - 1; i >= 0; i--) {
            pending.add(operands.get(i));
        }
    }

    private static void add(Set<Observable> found, ComparisonExpression.Comparison comparison) {
        if (comparison.negated()) {
            return;
        }
        Observable.Kind kind = kind(comparison.path());
        if (kind == null) {
            return;
        }
        if (comparison.operator() == ComparisonOperator.EQUAL
                && comparison.value() instanceof Constant.StringValue string) {
            found.add(new Observable(kind, string.value()));
        } else if (comparison.operator() == ComparisonOperator.IN
                && comparison.value() instanceof Constant.SetValue set) {
            for (Constant member : set.members()) {
                if (member instanceof Constant.StringValue string) {
                    found.add(new Observable(kind, string.value()));
                }
            }
        }
    }

    private static Observable.Kind kind(ObjectPath path) {
        if (path.is("domain-name", "value")) {
            return Observable.Kind.DOMAIN;
        } else if (path.is("ipv4-addr", "value")) {
            return Observable.Kind.IPV4;
        } else if (path.is("ipv6-addr", "value")) {
            return Observable.Kind.IPV6;
        } else if (path.is("url", "value")) {
            return Observable.Kind.URL;
        } else if (path.is("email-addr", "value")) {
            return Observable.Kind.EMAIL;
        } else if (path.objectType().equals("file") && path.steps().size() == 2
                && path.steps().get(0).equals(new ObjectPath.Step.Property("hashes"))
                && path.steps().get(1) instanceof ObjectPath.Step.Property hash) {
            return switch (hash.name().toUpperCase(Locale.ROOT)) {
                case "MD5" -> Observable.Kind.MD5;
                case "SHA-1", "SHA1" -> Observable.Kind.SHA1;
                case "SHA-256", "SHA256" -> Observable.Kind.SHA256;
                default -> null;
            };
        }
        return null;
    }
}
