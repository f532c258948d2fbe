package org.tocsin.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tocsin.stix.pattern.ComparisonExpression.Comparison;
import org.tocsin.stix.pattern.ObservationExpression.Combination;
import org.tocsin.stix.pattern.ObservationExpression.Observation;
import org.tocsin.stix.pattern.ObservationExpression.Qualified;

class PatternTests {

    // Patterns of the STIX 2.1 specification, part 9 and the indicator examples, as pattern text
    // (the specification shows some inside JSON strings, with their backslashes doubled again),
    // and a few more that reach every operator, qualifier and constant of the grammar.
    @ParameterizedTest
    @ValueSource(strings = {
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']",
            "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar'] WITHIN 300 SECONDS",
            "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']",
            "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
            "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
            "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
            "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
            "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
            "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
            "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
            "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
            "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
            "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']",
            "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']",
            "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
            "[x-usb-device:usbdrive.serial_number = '575833344E3133323731303538']",
            "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
            "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
            "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
            "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
            "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
            "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
            "[ipv4-addr:value ISSUPERSET '198.51.100.0/24']",
            "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
            "[file:name LIKE 'upd_te%.exe']",
            "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
            "[network-traffic:dst_port IN (80, 443, 8080)]",
            "[file:name IN ('proxy.exe', 'dropper.exe')]",
            "[artifact:payload_bin = b64'VGhpcyBpcyBhIHRlc3Q=']",
            "[artifact:payload_bin = b64'TWFu' OR artifact:payload_bin = b64'TWE=']",
            "[network-traffic:extensions.'http-request-ext'.request_header.'Accept' = 'text/html']",
            "[network-traffic:extensions.'http-request-ext'.request_method = 'get' AND network-traffic:dst_port = 80]",
            "[email-message:to_refs[0].value = 'a@example.com']",
            "[network-traffic:protocols[*] = 'tcp' AND network-traffic:src_port NOT = 80]",
            "[file:size NOT > 1024 AND file:size >= 10 AND file:size < 25.5 AND file:size <= 2048]",
            "[file:name != 'cmd.exe' AND file:is_encrypted = false]",
            "[EXISTS windows-registry-key:values]",
            "[windows-registry-key:values[*].data = 'C:\\\\Windows\\\\System32\\\\cmd.exe']",
            "[file:created > t'2016-01-01T00:00:00.123456Z' AND file:modified < t'2016-12-31T23:59:60Z']",
            "[process:pid = -1] OR [process:pid = +42] OR [software:version = -.5]",
            "[file:name NOT IN ('a.exe', 'b.exe') AND file:name NOT LIKE '%.txt' AND file:name NOT MATCHES '^x']",
            "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8'] AND [ipv4-addr:value NOT ISSUPERSET '10.0.0.1/32']",
            "[file:size IN ()]",
            "[file:hashes.'SHA-1' = '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'] REPEATS 2 TIMES",
            "[file:name = 'a'] AND ([file:name = 'b'] OR [file:name = 'c']) FOLLOWEDBY [file:name = 'd'] WITHIN 2.5 SECONDS",
            "(([file:name = 'a'] OR [file:name = 'b']) WITHIN 60 SECONDS) REPEATS 3 TIMES START t'2020-01-01T00:00:00Z' STOP t'2020-02-01T00:00:00Z'",
            "/* a comment */ [file:name == 'x' // to the end of the line\n OR file:name <> 'y']",
    })
    void parsesTheSpecificationExamplesAndRendersTextThatParsesToTheSameTree(String text) {
        Pattern pattern = Pattern.parse(text);

        Pattern again = Pattern.parse(pattern.toString());

        assertThat(again).isEqualTo(pattern);
        assertThat(again.hashCode()).isEqualTo(pattern.hashCode());
        assertThat(again.toString()).isEqualTo(pattern.toString());
    }

    @Test
    void buildsTheTreeWithFollowedByLoosestThenOrThenAndThenQualifiers() {
        Pattern pattern = Pattern.parse(
                "[a:x = 1] AND [b:x = 2] OR [c:x = 3] FOLLOWEDBY [d:x = 4] WITHIN 5 SECONDS");

        Combination followedBy = (Combination) pattern.expression();
        assertThat(followedBy.operator()).isEqualTo(ObservationExpression.Operator.FOLLOWEDBY);
        Combination or = (Combination) followedBy.operands().get(0);
        assertThat(or.operator()).isEqualTo(ObservationExpression.Operator.OR);
        assertThat(((Combination) or.operands().get(0)).operator()).isEqualTo(ObservationExpression.Operator.AND);
        Qualified within = (Qualified) followedBy.operands().get(1);
        assertThat(within.qualifier()).isEqualTo(new Qualifier.Within(new BigDecimal("5")));
        assertThat(within.expression()).isInstanceOf(Observation.class);
    }

    @Test
    void bindsComparisonAndTighterThanOr() {
        Pattern pattern = Pattern.parse("[a:x = 1 OR a:y = 2 AND a:z = 3]");

        ComparisonExpression.Combination or =
                (ComparisonExpression.Combination) ((Observation) pattern.expression()).comparison();
        assertThat(or.operator()).isEqualTo(ComparisonExpression.Operator.OR);
        assertThat(or.operands().get(1)).isInstanceOf(ComparisonExpression.Combination.class);
        assertThat(pattern).hasToString("[a:x = 1 OR a:y = 2 AND a:z = 3]");
    }

    @Test
    void readsAComparisonWithItsPathOperatorAndConstant() {
        Pattern pattern = Pattern.parse(
                "[network-traffic:extensions.'http-request-ext'.request_header.'Accept' NOT = 'text/html']");

        Comparison comparison = (Comparison) ((Observation) pattern.expression()).comparison();
        assertThat(comparison.path()).isEqualTo(new ObjectPath("network-traffic", List.of(
                new ObjectPath.Step.Property("extensions"),
                new ObjectPath.Step.Property("http-request-ext"),
                new ObjectPath.Step.Property("request_header"),
                new ObjectPath.Step.Property("Accept"))));
        assertThat(comparison.negated()).isTrue();
        assertThat(comparison.operator()).isEqualTo(ComparisonOperator.EQUAL);
        assertThat(comparison.value()).isEqualTo(new Constant.StringValue("text/html"));
    }

    @Test
    void readsListIndexesAndAnyIndex() {
        Comparison comparison = onlyComparison("[email-message:to_refs[3].cc[*].value = 'x']");

        assertThat(comparison.path().steps()).containsExactly(
                new ObjectPath.Step.Property("to_refs"), new ObjectPath.Step.Index(3),
                new ObjectPath.Step.Property("cc"), new ObjectPath.Step.AnyIndex(),
                new ObjectPath.Step.Property("value"));
    }

    @Test
    void readsEveryKindOfConstant() {
        assertThat(onlyComparison("[a:b = 'it\\'s a \\\\ back']").value())
                .isEqualTo(new Constant.StringValue("it's a \\ back"));
        assertThat(onlyComparison("[a:b = -42]").value()).isEqualTo(new Constant.IntegerValue(BigInteger.valueOf(-42)));
        assertThat(onlyComparison("[a:b = 123456789012345678901234567890]").value())
                .isEqualTo(new Constant.IntegerValue(new BigInteger("123456789012345678901234567890")));
        assertThat(onlyComparison("[a:b = .25]").value()).isEqualTo(new Constant.FloatValue(new BigDecimal("0.25")));
        assertThat(onlyComparison("[a:b = true]").value()).isEqualTo(new Constant.BooleanValue(true));
        assertThat(((Constant.TimestampValue) onlyComparison("[a:b = t'2016-02-29T12:00:00.5Z']").value()).instant())
                .isEqualTo(Instant.parse("2016-02-29T12:00:00.500Z"));
        assertThat(((Constant.HexValue) onlyComparison("[a:b = h'ffD8']").value()).bytes())
                .containsExactly(0xff, 0xd8);
        assertThat(((Constant.BinaryValue) onlyComparison("[a:b = b64'TWE=']").value()).bytes())
                .containsExactly('M', 'a');
        assertThat(onlyComparison("[a:b IN ('x', 1, false)]").value()).isEqualTo(new Constant.SetValue(List.of(
                new Constant.StringValue("x"), new Constant.IntegerValue(BigInteger.ONE), new Constant.BooleanValue(false))));
    }

    @Test
    void readsALeapSecondAsTheLastInstantOfTheMinute() {
        Constant.TimestampValue leap = (Constant.TimestampValue) onlyComparison("[a:b = t'2016-12-31T23:59:60Z']").value();

        assertThat(leap.instant()).isEqualTo(Instant.parse("2016-12-31T23:59:59.999999999Z"));
    }

    @Test
    void rendersCanonicalTextWithQuotesOnlyWhereNeededAndOneSpellingPerOperator() {
        Pattern pattern = Pattern.parse(
                "  [ file:hashes.'MD5'=='x'  AND file:'size'<>+5 ]OR[file:hashes.'SHA-256' = 'y' ]  ");

        assertThat(pattern).hasToString(
                "[file:hashes.MD5 = 'x' AND file:size != 5] OR [file:hashes.'SHA-256' = 'y']");
    }

    @Test
    void quotesPropertyNamesThatAreKeywords() {
        Pattern pattern = Pattern.parse("[x-thing:'AND'.'true' = 1]");

        assertThat(pattern).hasToString("[x-thing:'AND'.'true' = 1]");
        assertThat(Pattern.parse(pattern.toString())).isEqualTo(pattern);
    }

    @Test
    void mergesRunsOfTheSameOperatorSoThatParenthesesDoNotChangeTheTree() {
        assertThat(Pattern.parse("([a:b = 1] OR [a:b = 2]) OR [a:b = 3]"))
                .isEqualTo(Pattern.parse("[a:b = 1] OR [a:b = 2] OR [a:b = 3]"))
                .hasToString("[a:b = 1] OR [a:b = 2] OR [a:b = 3]");
        assertThat(Pattern.parse("[(a:b = 1 AND a:b = 2) AND a:b = 3]"))
                .isEqualTo(Pattern.parse("[a:b = 1 AND a:b = 2 AND a:b = 3]"));
    }

    @Test
    void keepsTheParenthesesThatPrecedenceNeeds() {
        String text = "([a:b = 1] OR [a:b = 2]) AND ([a:b = 3] FOLLOWEDBY [a:b = 4]) AND [a:b = 5 AND (a:c = 6 OR a:c = 7)]";

        assertThat(Pattern.parse(text)).hasToString(text);
    }

    @Test
    void keepsAQualifierOnAGroupAndOnAQualifiedExpression() {
        String text = "([a:b = 1] AND [a:b = 2]) WITHIN 10 SECONDS REPEATS 2 TIMES";

        Pattern pattern = Pattern.parse(text);

        assertThat(pattern).hasToString(text);
        Qualified repeats = (Qualified) pattern.expression();
        assertThat(repeats.qualifier()).isEqualTo(new Qualifier.Repeats(2));
        assertThat(((Qualified) repeats.expression()).expression()).isInstanceOf(Combination.class);
    }

    @Test
    void rendersATreeBuiltByHandToTextThatParsesToThatTree() {
        ObjectPath path = new ObjectPath("file", List.of(new ObjectPath.Step.Property("hashes"),
                new ObjectPath.Step.Property("SHA-256")));
        ObservationExpression tree = new Qualified(
                new Combination(ObservationExpression.Operator.OR, List.of(
                        new Observation(new Comparison(path, false, ComparisonOperator.EQUAL,
                                new Constant.StringValue("a'b\\c"))),
                        new Observation(new ComparisonExpression.Exists(path)))),
                new Qualifier.Within(new BigDecimal("1.50")));

        Pattern pattern = Pattern.of(tree);

        assertThat(pattern).hasToString("([file:hashes.'SHA-256' = 'a\\'b\\\\c'] OR [EXISTS file:hashes.'SHA-256']) WITHIN 1.50 SECONDS");
        assertThat(Pattern.parse(pattern.toString())).isEqualTo(pattern);
    }

    private static Comparison onlyComparison(String text) {
        return (Comparison) ((Observation) Pattern.parse(text).expression()).comparison();
    }
}
