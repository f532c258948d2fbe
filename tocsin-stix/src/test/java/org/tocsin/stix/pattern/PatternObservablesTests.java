package org.tocsin.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.stix.pattern.Observable.Kind.DOMAIN;
import static org.tocsin.stix.pattern.Observable.Kind.EMAIL;
import static org.tocsin.stix.pattern.Observable.Kind.IPV4;
import static org.tocsin.stix.pattern.Observable.Kind.IPV6;
import static org.tocsin.stix.pattern.Observable.Kind.MD5;
import static org.tocsin.stix.pattern.Observable.Kind.SHA1;
import static org.tocsin.stix.pattern.Observable.Kind.SHA256;
import static org.tocsin.stix.pattern.Observable.Kind.URL;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatternObservablesTests {

    private static final String SHA256_HASH = "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f";

    static Stream<Arguments> patternsAndTheirObservables() {
        return Stream.of(
                row("[domain-name:value = 'evil.example']", new Observable(DOMAIN, "evil.example")),
                row("[ipv4-addr:value = '198.51.100.7']", new Observable(IPV4, "198.51.100.7")),
                row("[ipv6-addr:value = '2001:db8::1']", new Observable(IPV6, "2001:db8::1")),
                row("[url:value = 'http://evil.example/a?b=c']", new Observable(URL, "http://evil.example/a?b=c")),
                row("[email-addr:value = 'ceo@evil.example']", new Observable(EMAIL, "ceo@evil.example")),
                // OR keeps, at both levels
                row("[domain-name:value = 'a.example' OR ipv4-addr:value = '198.51.100.1']",
                        new Observable(DOMAIN, "a.example"), new Observable(IPV4, "198.51.100.1")),
                row("[domain-name:value = 'a.example'] OR [url:value = 'http://b.example/']",
                        new Observable(DOMAIN, "a.example"), new Observable(URL, "http://b.example/")),
                row("([domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']) OR [domain-name:value = 'c.example']",
                        new Observable(DOMAIN, "a.example"), new Observable(DOMAIN, "b.example"),
                        new Observable(DOMAIN, "c.example")),
                // AND drops, at both levels
                row("[domain-name:value = 'a.example' AND domain-name:value = 'b.example']"),
                row("[domain-name:value = 'a.example'] AND [ipv4-addr:value = '198.51.100.1']"),
                row("[domain-name:value = 'a.example' OR (ipv4-addr:value = '198.51.100.1' AND ipv4-addr:value = '198.51.100.2')]",
                        new Observable(DOMAIN, "a.example")),
                row("[domain-name:value = 'a.example'] OR ([ipv4-addr:value = '198.51.100.1'] AND [url:value = 'http://x.example/'])",
                        new Observable(DOMAIN, "a.example")),
                // FOLLOWEDBY and NOT drop; so does any operator but = and IN
                row("[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']"),
                row("[domain-name:value NOT = 'a.example']"),
                row("[domain-name:value != 'a.example']"),
                row("[domain-name:value NOT IN ('a.example', 'b.example')]"),
                row("[domain-name:value LIKE '%.evil.example']"),
                row("[domain-name:value MATCHES '^evil']"),
                row("[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
                row("[EXISTS domain-name:value]"),
                // IN expands, keeping only string members
                row("[ipv4-addr:value IN ('198.51.100.1', '203.0.113.0/24', 42)]",
                        new Observable(IPV4, "198.51.100.1"), new Observable(IPV4, "203.0.113.0/24")),
                // CIDR kept as written
                row("[ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:db8::/32']",
                        new Observable(IPV4, "198.51.100.0/24"), new Observable(IPV6, "2001:db8::/32")),
                // hash names quoted or not, in any case, with or without the hyphen
                row("[file:hashes.'SHA-256' = '" + SHA256_HASH + "']", new Observable(SHA256, SHA256_HASH)),
                row("[file:hashes.SHA256 = 'b']", new Observable(SHA256, "b")),
                row("[file:hashes.'sha-256' = 'c']", new Observable(SHA256, "c")),
                row("[file:hashes.MD5 = 'd']", new Observable(MD5, "d")),
                row("[file:hashes.'MD5' = 'e']", new Observable(MD5, "e")),
                row("[file:hashes.md5 = 'f']", new Observable(MD5, "f")),
                row("[file:hashes.'SHA-1' = 'g' OR file:hashes.SHA1 = 'h']",
                        new Observable(SHA1, "g"), new Observable(SHA1, "h")),
                row("[file:hashes.'SHA-512' = 'i' OR file:hashes.'SSDEEP' = 'j']"),
                // escapes removed
                row("[url:value = 'http://evil.example/it\\'s']", new Observable(URL, "http://evil.example/it's")),
                row("[url:value = 'http://evil.example/a\\\\b']", new Observable(URL, "http://evil.example/a\\b")),
                // only the exact paths
                row("[domain-name:resolves_to_refs[*].value = '198.51.100.1']"),
                row("[network-traffic:dst_ref.value = '198.51.100.1']"),
                row("[file:name = 'evil.exe']"),
                row("[domain-name:value.x = 'a']"),
                row("[x-domain-name:value = 'a']"),
                // qualifiers: WITHIN and START ... STOP keep, REPEATS more than once drops
                row("[domain-name:value = 'a.example'] WITHIN 60 SECONDS", new Observable(DOMAIN, "a.example")),
                row("[domain-name:value = 'a.example'] START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'",
                        new Observable(DOMAIN, "a.example")),
                row("[domain-name:value = 'a.example'] REPEATS 3 TIMES"),
                row("[domain-name:value = 'a.example'] REPEATS 1 TIMES", new Observable(DOMAIN, "a.example")),
                // in order of appearance, duplicates once
                row("[url:value = 'u'] OR [domain-name:value = 'd' OR url:value = 'u'] OR [domain-name:value IN ('d', 'e')]",
                        new Observable(URL, "u"), new Observable(DOMAIN, "d"), new Observable(DOMAIN, "e")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patternsAndTheirObservables")
    void yieldsTheSimpleEqualitiesInOrOnlyPositions(String text, List<Observable> expected) {
        assertThat(Pattern.parse(text).observables()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[domain-name:value = 'a.example' OR url:value = 'http://b.example/']"})
    void givesAnUnmodifiableList(String text) {
        List<Observable> observables = Pattern.parse(text).observables();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> observables.add(new Observable(DOMAIN, "x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static Arguments row(String text, Observable... observables) {
        return Arguments.of(text, List.of(observables));
    }
}
