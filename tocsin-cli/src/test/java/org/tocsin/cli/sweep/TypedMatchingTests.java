package org.tocsin.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The matching semantics, one indicator and one observable at a time: what must match and, as
 * importantly, the near misses that a substring search would wrongly flag.
 */
class TypedMatchingTests {

    @ParameterizedTest(name = "{0} {1} vs {2} {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # indicator type | indicator value | observable kind | observable | matches
            domain | evil.com          | domain | evil.com                  | true
            domain | evil.com          | domain | www.evil.com              | true
            domain | evil.com          | domain | a.b.c.evil.com            | true
            domain | evil.com          | domain | EVIL.COM                  | true
            domain | evil.com          | domain | Www.EviL.com.             | true
            domain | EVIL.com.         | domain | evil.com                  | true
            domain | *.evil.com        | domain | cdn.evil.com              | true
            domain | sub.evil.com      | domain | x.sub.evil.com            | true
            domain | sub.evil.com      | domain | evil.com                  | false
            domain | evil.com          | domain | notevil.com               | false
            domain | evil.com          | domain | my-evil.com               | false
            domain | evil.com          | domain | evil.com.cdn.cloudflare.net | false
            domain | evil.com          | domain | evil.co                   | false
            domain | evil.com          | domain | evil.comx                 | false
            domain | evil.com          | domain | com                       | false
            domain | evil.com          | url    | https://www.google.com/url?q=evil.com | false
            domain | bücher.de         | domain | xn--bcher-kva.de          | true
            domain | bücher.de         | domain | www.xn--bcher-kva.de      | true
            domain | xn--bcher-kva.de  | domain | BÜCHER.de                 | true
            domain | xn--bcher-kva.de  | domain | www.bücher.de             | true
            domain | bücher.de         | domain | bucher.de                 | false
            ipv4   | 1.2.3.4           | ip     | 1.2.3.4                   | true
            ipv4   | 1.2.3.4           | ip     | 001.002.003.004           | true
            ipv4   | 1.2.3.4           | ip     | 1.2.3.40                  | false
            ipv4   | 1.2.3.4           | ip     | 11.2.3.4                  | false
            ipv4   | 1.2.3.4           | ip     | 1.2.3.4.5                 | false
            ipv4   | 1.2.3.4           | ip     | ::ffff:1.2.3.4            | false
            ipv4   | 10.0.0.0/8        | ip     | 10.255.1.2                | true
            ipv4   | 10.0.0.0/8        | ip     | 11.0.0.1                  | false
            ipv4   | 192.0.2.0/24      | ip     | 192.0.2.255               | true
            ipv4   | 192.0.2.0/24      | ip     | 192.0.3.0                 | false
            ipv4   | 192.0.2.77/24     | ip     | 192.0.2.1                 | true
            ipv4   | 198.51.100.64/26  | ip     | 198.51.100.127            | true
            ipv4   | 198.51.100.64/26  | ip     | 198.51.100.128            | false
            ipv4   | 0.0.0.0/0         | ip     | 203.0.113.9               | true
            ipv4   | 1.2.3.4           | domain | 1.2.3.4                   | false
            ipv6   | 2001:db8::1       | ip     | 2001:db8::1               | true
            ipv6   | 2001:db8::1       | ip     | 2001:0DB8:0000:0000:0000:0000:0000:0001 | true
            ipv6   | 2001:db8::1       | ip     | 2001:db8:0:0::1           | true
            ipv6   | 2001:db8::1       | ip     | 2001:db8::1%eth0          | true
            ipv6   | 2001:db8::1       | ip     | 2001:db8::10              | false
            ipv6   | 2001:db8::1       | ip     | 2001:db8::1:0             | false
            ipv6   | 2001:db8::1       | ip     | 2001:db8::1::1            | false
            ipv6   | ::ffff:102:304    | ip     | ::ffff:1.2.3.4            | true
            ipv6   | 2001:db8::/32     | ip     | 2001:db8:ffff:ffff::1     | true
            ipv6   | 2001:db8::/32     | ip     | 2001:db9::1               | false
            ipv6   | 2001:db8:a::/48   | ip     | 2001:DB8:A:0:1::          | true
            ipv6   | 2001:db8:a::/48   | ip     | 2001:db8:b::1             | false
            ipv6   | ::/0              | ip     | ::1                       | true
            url    | http://evil.com/a | url    | http://evil.com/a         | true
            url    | http://evil.com/a | url    | HTTP://EVIL.COM/a         | true
            url    | HTTP://Evil.com/a | url    | http://evil.com/a         | true
            url    | http://evil.com/a | url    | http://evil.com/A         | false
            url    | http://evil.com/a | url    | http://evil.com/a?x=1     | false
            url    | http://evil.com/a | url    | http://evil.com/a/        | false
            url    | http://evil.com/a | url    | https://evil.com/a        | false
            url    | http://evil.com:8080/x?Q=A | url | hTTp://EVIL.com:8080/x?Q=A | true
            url    | http://evil.com:8080/x?Q=A | url | http://evil.com:8080/x?q=a | false
            url    | http://evil.com/p/with/a/long/path/over/eight/bytes.php | url | http://EVIL.COM/p/with/a/long/path/over/eight/bytes.php | true
            url    | http://bücher.de/x | url   | http://BÜCHER.de/x        | true
            email  | bad@evil.com      | email  | bad@evil.com              | true
            email  | bad@evil.com      | email  | BAD@Evil.COM              | true
            email  | bad@evil.com      | email  | xbad@evil.com             | false
            email  | bad@evil.com      | email  | bad@evil.com.au           | false
            email  | bad@evil.com      | domain | evil.com                  | false
            md5    | 0123456789abcdef0123456789abcdef | md5 | 0123456789ABCDEF0123456789ABCDEF | true
            md5    | 0123456789abcdef0123456789abcdef | md5 | 0123456789abcdef0123456789abcde0 | false
            md5    | 0123456789abcdef0123456789abcdef | sha256 | 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | false
            sha1   | 0123456789abcdef0123456789abcdef01234567 | sha1 | 0123456789ABCDEF0123456789ABCDEF01234567 | true
            sha256 | 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | sha256 | 0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef | true
            sha256 | 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | sha1 | 0123456789abcdef0123456789abcdef01234567 | false
            """)
    void matchesExactlyByType(String type, String value, String kind, String observable, boolean matches)
            throws InvalidIndicatorException {
        assertThat(matched(type, value, kind, observable)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            domain | evil com
            domain | 1.2.3.4
            domain | ...
            ipv4   | 1.2.3.256
            ipv4   | 1.2.3.4/33
            ipv4   | 2001:db8::1
            ipv6   | 2001:db8::/129
            ipv6   | 1.2.3.4
            email  | evil.com
            md5    | 0123
            sha1   | zz23456789abcdef0123456789abcdef01234567
            url    | http://evil.com/a b
            """)
    void refusesValuesThatAreNotOfTheirType(String type, String value) {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        int i = builder.numberedIndicator(0);
        assertThatThrownBy(() -> builder.add(i, IndicatorType.ofLabel(type), value))
                .isInstanceOf(InvalidIndicatorException.class)
                .hasMessageContaining(type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            evil.com       | 2
            www.evil.com   | 3
            other.org      | 0
            """)
    void reportsEveryIndicatorThatMatchesAnObservable(String host, int expected) throws InvalidIndicatorException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        builder.add(builder.numberedIndicator(0), IndicatorType.DOMAIN, "evil.com");
        builder.add(builder.numberedIndicator(1), IndicatorType.DOMAIN, "EVIL.com");
        builder.add(builder.numberedIndicator(2), IndicatorType.DOMAIN, "www.evil.com");
        LineMatcher m = new LineMatcher(builder.build());
        byte[] b = host.getBytes(StandardCharsets.UTF_8);

        m.domain(b, 0, b.length);

        assertThat(m.count()).isEqualTo(expected);
    }

    static boolean matched(String type, String value, String kind, String observable) throws InvalidIndicatorException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        // Unrelated indicators, so that lookups meet a populated index.
        builder.add(builder.numberedIndicator(0), IndicatorType.DOMAIN, "unrelated.example");
        builder.add(builder.numberedIndicator(1), IndicatorType.IPV4, "203.0.113.0/28");
        builder.add(builder.numberedIndicator(2), IndicatorType.IPV6, "2001:db8:dead::/64");
        builder.add(builder.numberedIndicator(3), IndicatorType.ofLabel(type), value);
        LineMatcher m = new LineMatcher(builder.build());
        byte[] b = ("  " + observable + "  ").getBytes(StandardCharsets.UTF_8);
        int from = 2;
        int to = b.length - 2;
        switch (kind) {
            case "domain" -> m.domain(b, from, to);
            case "ip" -> m.ip(b, from, to);
            case "url" -> m.url(b, from, to);
            case "email" -> m.email(b, from, to);
            default -> m.hash(IndicatorType.ofLabel(kind), b, from, to);
        }
        for (int i = 0; i < m.count(); i++) {
            if (m.entry(i) == 3) {
                assertThat(m.observed(i)).isEqualTo(observable);
                return true;
            }
        }
        return false;
    }
}
