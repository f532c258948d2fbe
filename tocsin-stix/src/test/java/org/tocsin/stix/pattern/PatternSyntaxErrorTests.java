package org.tocsin.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternSyntaxErrorTests {

    // pattern | 0-based position of the problem | part of the message
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, textBlock = """
            ""|0|expected an observation such as [domain-name:value = 'example.com'] but found an empty pattern
            [file:name = 'x'|16|expected ']', AND or OR but found end of pattern
            file:name = 'x'|0|expected '[' or '(' but found 'file'
            [file:name = 'x'] AND|21|expected '[' or '(' but found end of pattern
            [file:name = 'x' FOLLOWEDBY file:size = 3]|17|expected ']', AND or OR but found 'FOLLOWEDBY'
            [file:hashes.SHA-256 = 'x']|13|found SHA-256, which must be quoted as 'SHA-256'
            [file:name = x]|13|expected a constant
            [file:name = 'x' AND]|20|expected an object path such as file:name, EXISTS or '(' but found ']'
            [file:name 'x']|11|expected a comparison operator
            [file:name = 'x'] WITHIN SECONDS|25|expected a number of seconds but found 'SECONDS'
            [file:name = 'x'] WITHIN 0 SECONDS|25|WITHIN needs a positive number of seconds but found '0'
            [file:name = 'x'] WITHIN -5 SECONDS|25|WITHIN needs a positive number of seconds but found '-5'
            [file:name = 'x'] REPEATS 0 TIMES|26|REPEATS needs a whole number from 1
            [file:name = 'x'] REPEATS 2.5 TIMES|26|expected a whole number of times but found '2.5'
            [file:name = 'x'] REPEATS 5|27|expected TIMES but found end of pattern
            [file:name = 'x'] START t'2016-01-01T00:00:00Z'|47|expected STOP but found end of pattern
            [file:name = 'x'] START t'2016-02-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'|53|must be later than START
            [file:name = 'x'] START '2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'|24|expected a timestamp t'…' after START
            [file:created = t'2016-13-01T00:00:00Z']|16|no such date: 2016-13-01
            [file:created = t'2015-02-29T00:00:00Z']|16|no such date: 2015-02-29
            [file:created = t'2016-01-01 00:00:00Z']|16|expected a timestamp YYYY-MM-DDTHH:MM:SS[.fraction]Z but found t'2016-01-01 00:00:00Z'
            [file:created = t'2016-01-01T00:00:61Z']|16|no such time of day: 00:00:61
            [file:created = t'2016-01-01T00:00:00+01:00']|16|expected a timestamp
            [file:magic_number_hex = h'ffd']|30|a hex constant needs an even number of digits
            [file:magic_number_hex = h'fg']|28|expected a hexadecimal digit in h'…' but found 'g'
            [artifact:payload_bin = b64'abc']|31|must be padded to a multiple of 4 characters
            [artifact:payload_bin = b64'ab!c']|30|expected base64 in b64'…' but found '!'
            [artifact:payload_bin = b64'a===']|29|expected base64 in b64'…' but found '='
            [file:name = 'x\\y']|15|a backslash in a string must be followed by ' or \\
            [file:name = 'abc]|13|string is never closed with a quote
            [file:name = 'x'] AND [file:name = 'y'|38|expected ']', AND or OR but found end of pattern
            ([file:name = 'x']|18|expected ')', AND, OR, FOLLOWEDBY or a qualifier but found end of pattern
            [file:name = 'x'])|17|expected end of pattern but found ')'
            [file:name = 'x']]|17|expected end of pattern but found ']'
            [file:name IN 'x']|14|expected '(' to start the set after IN but found ''x''
            [file:name IN ('a' 'b')]|19|expected ',' or ')' but found ''b''
            [file:name IN ('a', ('b'))]|20|expected a constant
            [file:name LIKE 5]|16|expected a string after LIKE but found '5'
            [file:name MATCHES t'2016-01-01T00:00:00Z']|19|expected a string after MATCHES
            [ipv4-addr:value ISSUBSET ('198.51.100.0/24')]|26|expected a string after ISSUBSET but found '('
            [file:size > true]|13|expected a value that can be ordered after >
            [file:name = 'x' AND NOT file:size = 5]|21|expected an object path such as file:name, EXISTS or '(' but found 'NOT'
            [file:name NOT EXISTS]|15|expected a comparison operator after NOT but found 'EXISTS'
            [EXISTS 'x']|8|expected an object type such as file or domain-name but found ''x''
            [file: = 'x']|7|expected a property name after ':' but found '='
            [file:name. = 'x']|12|expected a property name after '.' but found '='
            [file:names[x] = 'x']|12|expected a list index or '*' but found 'x'
            [file:names[0 = 'x']|14|expected ']' after the list index but found '='
            [AND:name = 'x']|1|expected an object path such as file:name, EXISTS or '(' but found 'AND'
            [file:'' = 'x']|6|a property name cannot be empty
            [file:name = 007]|13|an integer cannot start with 0: '007'
            [file:size = 5abc]|13|malformed number '5a'
            [file:name = 'x'] /* comment|18|comment '/*' is never closed with '*/'
            [file:name = 'x'] OR OR [file:name = 'y']|21|expected '[' or '(' but found 'OR'
            [file:name = 'x'] & [file:name = 'y']|18|unexpected character '&'
            [file:name ! 'x']|11|unexpected character '!'
            [file:name = 'x'] WITHIN 5 MINUTES|27|expected SECONDS but found 'MINUTES'
            [file:name = k'x']|13|unknown constant prefix 'k'; expected t'…', h'…' or b64'…'
            []|1|expected an object path such as file:name, EXISTS or '(' but found ']'
            [file:name = 'x'] [file:name = 'y']|18|expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern but found '['
            [file:name = ('x', 'y')]|13|expected a constant
            [file:name = 'x'] LAST 5 SECONDS|18|expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern but found 'LAST'
            [file:name = 'x'] WITHIN 5 SECONDS FOLLOWEDBY|45|expected '[' or '(' but found end of pattern
            """)
    void rejectsAnInvalidPatternNamingThePositionAndWhatWasExpected(String text, int position, String message) {
        PatternException error = catchThrowableOfType(PatternException.class, () -> Pattern.parse(text));

        assertThat(error).as("no error for %s", text).isNotNull();
        assertThat(error.position()).as(error.getMessage()).isEqualTo(position);
        assertThat(error.problem()).contains(message);
        assertThat(error.getMessage()).isEqualTo("at " + position + ": " + error.problem());
    }

    @Test
    void givesTheMessageInTheFormAtPositionExpectedButFound() {
        assertThatThrownBy(() -> Pattern.parse("[domain-name:value = 'a' OR domain-name:value ]"))
                .isInstanceOf(PatternException.class)
                .hasMessage("at 46: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, "
                        + "ISSUBSET, ISSUPERSET), NOT or a path step but found ']'");
    }

    @Test
    void reportsTheFirstProblemInTheText() {
        assertThatThrownBy(() -> Pattern.parse("[file:name = x] AND [file:name = 'unterminated"))
                .hasMessageStartingWith("at 13: expected a constant");
    }

    @Test
    void refusesANullTextAsAProgrammingError() {
        assertThatThrownBy(() -> Pattern.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
