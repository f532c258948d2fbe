package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The summary's indicator check: what it finds, what it leaves alone, and that it takes linear time. */
class IndicatorsTests {

    record Case(String text, String kind, String value, int word) {}

    @Test
    void findsEveryKindOfIndicatorAndSaysWhereItIs() {
        var cases = List.of(
                new Case("They use the domain evil.example to steal files.", "domain", "evil.example", 5),
                new Case("Block (evil.example).", "domain", "evil.example", 2),
                new Case("Seen at mail.evil.example:8443 yesterday", "domain", "mail.evil.example:8443", 3),
                new Case("Look for EVIL.EXAMPLE in logs", "domain", "EVIL.EXAMPLE", 3),
                new Case("A defanged evil[.]example still counts", "domain", "evil[.]example", 3),
                new Case("Traffic to 203.0.113.7, daily", "IPv4 address", "203.0.113.7", 3),
                new Case("The range 198.51.100.0/24 is hostile", "IPv4 address", "198.51.100.0/24", 3),
                new Case("Port 203.0.113.9:443 again", "IPv4 address", "203.0.113.9:443", 2),
                new Case("Also 2001:db8::dead:beef here", "IPv6 address", "2001:db8::dead:beef", 2),
                new Case("And [2001:db8:0:0:0:0:0:1] too", "IPv6 address", "2001:db8:0:0:0:0:0:1", 2),
                new Case("Loopback ::1 is fine?", "IPv6 address", "::1", 2),
                new Case("Open https://evil.example/login now", "URL", "https://evil.example/login", 2),
                new Case("Open hxxp://evil.example now", "URL", "hxxp://evil.example", 2),
                new Case("Fetched from evil.example/payload.bin", "URL", "evil.example/payload.bin", 3),
                new Case("Mail from ceo@evil.example arrived", "e-mail address", "ceo@evil.example", 3),
                new Case("Mail from ceo[@]evil[.]example arrived", "e-mail address", "ceo[@]evil[.]example", 3),
                new Case("The file d41d8cd98f00b204e9800998ecf8427e is bad", "MD5 hash", "d41d8cd98f00b204e9800998ecf8427e", 3),
                new Case("SHA-1 da39a3ee5e6b4b0d3255bfef95601890afd80709.", "SHA-1 hash",
                        "da39a3ee5e6b4b0d3255bfef95601890afd80709", 2),
                new Case("Hash E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "SHA-256 hash",
                        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", 2));
        for (var c : cases) {
            var found = Indicators.first(c.text());
            assertThat(found).as(c.text()).isPresent();
            assertThat(found.get()).as(c.text()).isEqualTo(new Indicators.Found(c.kind(), c.value(), c.word()));
        }
        assertThat(Indicators.first("They use the domain evil.example").orElseThrow().describe())
                .isEqualTo("the domain 'evil.example' at word 5");
    }

    @Test
    void leavesOrdinaryProseAlone() {
        var prose = List.of(
                "State-sponsored attackers are targeting banks, e.g. those in the City, i.e. ours.",
                "Meet at 10:30 or 12:30:45, 24/7, and/or by phone.",
                "Version 2.0 of the plan costs £1.5m; the U.K. and the U.S. agree.",
                "The attachment invoice.pdf and report.docx are lures; Node.js is unaffected.",
                "They stole deal terms.Then they left; Mr.Smith was told.",
                "Email us at the usual address; contact: the duty officer.",
                "Hex words like deadbeef or cafe are not hashes, nor is 1234567890.",
                "A time of 08:00:00 and a ratio of 3:2 are fine.");
        for (var text : prose) {
            assertThat(Indicators.first(text)).as(text).isEmpty();
        }
    }

    @Test
    void countsWordsAsItNumbersThem() {
        assertThat(Indicators.words("  one two\tthree\nfour  ")).isEqualTo(4);
        assertThat(Indicators.words("")).isZero();
    }

    @Test
    void takesLinearTimeOnHostileInput() {
        var hostile = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            hostile.append(i % 3 == 0 ? "1.1.1.1.1.1" : i % 3 == 1 ? ":::a::b:" : "a-.-b.c.d.e.f.g.h[.]");
        }
        var text = hostile.toString();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            Indicators.first(text);
            Indicators.first(text.replace('1', 'x') + " ok");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
