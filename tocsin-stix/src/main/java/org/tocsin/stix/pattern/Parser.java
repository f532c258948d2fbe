package org.tocsin.stix.pattern;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.tocsin.stix.pattern.Lexer.Kind;
import org.tocsin.stix.pattern.Lexer.Token;

/**
 * A recursive-descent parser for the STIX 2.1 pattern grammar (specification part 9 and its ANTLR
 * grammar), with one token of look-ahead.
 *
 * <p>Recursion happens only at brackets, parentheses and qualifiers, each of which counts as one
 * level of nesting; past {@link Pattern#MAX_DEPTH} levels the parser stops with an error, so the
 * Java stack stays shallow whatever the input. Runs of the same operator are read in loops.
 */
final class Parser {

    private final Lexer lexer;
    private Token token;
    private int depth;

    Parser(String text) {
        this.lexer = new Lexer(text, Pattern.MAX_LENGTH);
        this.token = lexer.next();
    }

    ObservationExpression pattern() {
        if (token.kind() == Kind.END) {
            throw new PatternException(token.start(), "expected an observation such as [domain-name:value = 'example.com'] but found an empty pattern");
        }
        ObservationExpression expression = followedBy();
        if (token.kind() != Kind.END) {
            throw expected(switch (token.kind()) {
                case RIGHT_BRACKET, RIGHT_PAREN -> "end of pattern";
                default -> "AND, OR, FOLLOWEDBY, a qualifier or end of pattern";
            });
        }
        return expression;
    }

    // ---- observation expressions: FOLLOWEDBY < OR < AND < qualifiers

    private ObservationExpression followedBy() {
        return observationCombination(ObservationExpression.Operator.FOLLOWEDBY, Kind.FOLLOWEDBY);
    }

    private ObservationExpression observationCombination(ObservationExpression.Operator operator, Kind keyword) {
        List<ObservationExpression> operands = new ArrayList<>(2);
        operands.add(observationOperand(operator));
        while (token.kind() == keyword) {
            advance();
            operands.add(observationOperand(operator));
        }
        return operands.size() == 1 ? operands.get(0) : new ObservationExpression.Combination(operator, operands);
    }

    private ObservationExpression observationOperand(ObservationExpression.Operator operator) {
        return switch (operator) {
            case FOLLOWEDBY -> observationCombination(ObservationExpression.Operator.OR, Kind.OR);
            case OR -> observationCombination(ObservationExpression.Operator.AND, Kind.AND);
            case AND -> qualified();
        };
    }

    private ObservationExpression qualified() {
        int levels = depth;
        ObservationExpression expression = observation();
        while (true) {
            Qualifier qualifier = switch (token.kind()) {
                case WITHIN -> within();
                case START -> startStop();
                case REPEATS -> repeats();
                default -> null;
            };
            if (qualifier == null) {
                depth = levels;
                return expression;
            }
            expression = new ObservationExpression.Qualified(expression, qualifier);
        }
    }

    private ObservationExpression observation() {
        if (token.kind() == Kind.LEFT_BRACKET) {
            enter();
            advance();
            ComparisonExpression comparison = comparisonOr();
            expect(Kind.RIGHT_BRACKET, "']', AND or OR");
            depth--;
            return new ObservationExpression.Observation(comparison);
        }
        if (token.kind() == Kind.LEFT_PAREN) {
            enter();
            advance();
            ObservationExpression inner = followedBy();
            expect(Kind.RIGHT_PAREN, "')', AND, OR, FOLLOWEDBY or a qualifier");
            depth--;
            return inner;
        }
        throw expected("'[' or '('");
    }

    private Qualifier within() {
        int start = token.start();
        enter();
        advance();
        BigDecimal seconds = switch (token.kind()) {
            case INTEGER -> new BigDecimal((BigInteger) token.value());
            case FLOAT -> (BigDecimal) token.value();
            default -> throw expected("a number of seconds");
        };
        if (seconds.signum() <= 0) {
            throw new PatternException(token.start(), "WITHIN needs a positive number of seconds but found '" + lexer.text(token) + "'");
        }
        advance();
        expect(Kind.SECONDS, "SECONDS");
        return new Qualifier.Within(seconds);
    }

    private Qualifier startStop() {
        enter();
        advance();
        Constant.TimestampValue start = timestamp("a timestamp t'…' after START");
        expect(Kind.STOP, "STOP");
        int stopAt = token.start();
        Constant.TimestampValue stop = timestamp("a timestamp t'…' after STOP");
        if (!stop.instant().isAfter(start.instant())) {
            throw new PatternException(stopAt, "STOP " + stop + " must be later than START " + start);
        }
        return new Qualifier.StartStop(start, stop);
    }

    private Constant.TimestampValue timestamp(String what) {
        if (token.kind() != Kind.TIMESTAMP) {
            throw expected(what);
        }
        Constant.TimestampValue value = new Constant.TimestampValue((String) token.value());
        advance();
        return value;
    }

    private Qualifier repeats() {
        enter();
        advance();
        if (token.kind() != Kind.INTEGER) {
            throw expected("a whole number of times");
        }
        BigInteger times = (BigInteger) token.value();
        if (times.signum() <= 0 || times.bitLength() > 31) {
            throw new PatternException(token.start(),
                    "REPEATS needs a whole number from 1 to " + Integer.MAX_VALUE + " but found '" + lexer.text(token) + "'");
        }
        advance();
        expect(Kind.TIMES, "TIMES");
        return new Qualifier.Repeats(times.intValue());
    }

    // ---- comparison expressions: OR < AND

    private ComparisonExpression comparisonOr() {
        List<ComparisonExpression> operands = new ArrayList<>(2);
        operands.add(comparisonAnd());
        while (token.kind() == Kind.OR) {
            advance();
            operands.add(comparisonAnd());
        }
        return operands.size() == 1 ? operands.get(0)
                : new ComparisonExpression.Combination(ComparisonExpression.Operator.OR, operands);
    }

    private ComparisonExpression comparisonAnd() {
        List<ComparisonExpression> operands = new ArrayList<>(2);
        operands.add(comparison());
        while (token.kind() == Kind.AND) {
            advance();
            operands.add(comparison());
        }
        return operands.size() == 1 ? operands.get(0)
                : new ComparisonExpression.Combination(ComparisonExpression.Operator.AND, operands);
    }

    private ComparisonExpression comparison() {
        if (token.kind() == Kind.LEFT_PAREN) {
            enter();
            advance();
            ComparisonExpression inner = comparisonOr();
            expect(Kind.RIGHT_PAREN, "')', AND or OR");
            depth--;
            return inner;
        }
        if (token.kind() == Kind.EXISTS) {
            advance();
            return new ComparisonExpression.Exists(objectPath());
        }
        if (token.kind() != Kind.IDENTIFIER && token.kind() != Kind.HYPHENATED_IDENTIFIER) {
            throw expected("an object path such as file:name, EXISTS or '('");
        }
        ObjectPath path = objectPath();
        boolean negated = false;
        if (token.kind() == Kind.NOT) {
            negated = true;
            advance();
        }
        ComparisonOperator operator = switch (token.kind()) {
            case EQUAL -> ComparisonOperator.EQUAL;
            case NOT_EQUAL -> ComparisonOperator.NOT_EQUAL;
            case LESS_THAN -> ComparisonOperator.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> ComparisonOperator.LESS_THAN_OR_EQUAL;
            case GREATER_THAN -> ComparisonOperator.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> ComparisonOperator.GREATER_THAN_OR_EQUAL;
            case IN -> ComparisonOperator.IN;
            case LIKE -> ComparisonOperator.LIKE;
            case MATCHES -> ComparisonOperator.MATCHES;
            case ISSUBSET -> ComparisonOperator.IS_SUBSET;
            case ISSUPERSET -> ComparisonOperator.IS_SUPERSET;
            default -> throw expected(negated ? "a comparison operator after NOT"
                    : "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET), NOT or a path step");
        };
        advance();
        Constant value = switch (operator) {
            case IN -> set();
            case LIKE, MATCHES, IS_SUBSET, IS_SUPERSET -> {
                if (token.kind() != Kind.STRING) {
                    throw expected("a string after " + operator);
                }
                yield constant();
            }
            case EQUAL, NOT_EQUAL -> constant();
            default -> {
                if (token.kind() == Kind.TRUE || token.kind() == Kind.FALSE) {
                    throw expected("a value that can be ordered after " + operator);
                }
                yield constant();
            }
        };
        return new ComparisonExpression.Comparison(path, negated, operator, value);
    }

    private Constant set() {
        if (token.kind() != Kind.LEFT_PAREN) {
            throw expected("'(' to start the set after IN");
        }
        advance();
        List<Constant> members = new ArrayList<>();
        if (token.kind() != Kind.RIGHT_PAREN) {
            members.add(constant());
            while (token.kind() == Kind.COMMA) {
                advance();
                members.add(constant());
            }
        }
        expect(Kind.RIGHT_PAREN, members.isEmpty() ? "a constant or ')'" : "',' or ')'");
        return new Constant.SetValue(members);
    }

    private Constant constant() {
        Constant value = switch (token.kind()) {
            case STRING -> new Constant.StringValue((String) token.value());
            case INTEGER -> new Constant.IntegerValue((BigInteger) token.value());
            case FLOAT -> new Constant.FloatValue((BigDecimal) token.value());
            case TRUE -> new Constant.BooleanValue(true);
            case FALSE -> new Constant.BooleanValue(false);
            case TIMESTAMP -> new Constant.TimestampValue((String) token.value());
            case HEX -> new Constant.HexValue((String) token.value());
            case BINARY -> new Constant.BinaryValue((String) token.value());
            default -> throw expected("a constant (a 'string', a number, true, false, t'…', h'…' or b64'…')");
        };
        advance();
        return value;
    }

    private ObjectPath objectPath() {
        if (token.kind() != Kind.IDENTIFIER && token.kind() != Kind.HYPHENATED_IDENTIFIER) {
            throw expected("an object type such as file or domain-name");
        }
        String type = (String) token.value();
        advance();
        expect(Kind.COLON, "':' after the object type");
        List<ObjectPath.Step> steps = new ArrayList<>();
        steps.add(new ObjectPath.Step.Property(propertyName("a property name after ':'")));
        while (true) {
            if (token.kind() == Kind.DOT) {
                advance();
                steps.add(new ObjectPath.Step.Property(propertyName("a property name after '.'")));
            } else if (token.kind() == Kind.LEFT_BRACKET) {
                advance();
                if (token.kind() == Kind.ASTERISK) {
                    steps.add(new ObjectPath.Step.AnyIndex());
                } else if (token.kind() == Kind.INTEGER) {
                    BigInteger index = (BigInteger) token.value();
                    if (index.bitLength() > 63) {
                        throw new PatternException(token.start(), "list index '" + lexer.text(token) + "' is too large");
                    }
                    steps.add(new ObjectPath.Step.Index(index.longValue()));
                } else {
                    throw expected("a list index or '*'");
                }
                advance();
                expect(Kind.RIGHT_BRACKET, "']' after the list index");
            } else {
                return new ObjectPath(type, steps);
            }
        }
    }

    private String propertyName(String what) {
        String name = switch (token.kind()) {
            case IDENTIFIER, STRING -> (String) token.value();
            case HYPHENATED_IDENTIFIER -> throw new PatternException(token.start(), "expected " + what + " but found "
                    + lexer.text(token) + ", which must be quoted as " + PatternText.quote(lexer.text(token)));
            default -> throw expected(what);
        };
        if (name.isEmpty()) {
            throw new PatternException(token.start(), "a property name cannot be empty");
        }
        advance();
        return name;
    }

    // ---- helpers

    private void enter() {
        if (++depth > Pattern.MAX_DEPTH) {
            throw new PatternException(token.start(), "nested deeper than " + Pattern.MAX_DEPTH
                    + " levels of brackets, parentheses and qualifiers");
        }
    }

    private void advance() {
        token = lexer.next();
    }

    private void expect(Kind kind, String what) {
        if (token.kind() != kind) {
            throw expected(what);
        }
        advance();
    }

    private PatternException expected(String what) {
        String found = token.kind() == Kind.END ? "end of pattern" : "'" + Lexer.shorten(lexer.text(token)) + "'";
        return new PatternException(token.start(), "expected " + what + " but found " + found);
    }
}
