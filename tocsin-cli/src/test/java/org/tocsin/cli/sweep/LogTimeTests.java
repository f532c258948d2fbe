package org.tocsin.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * When a matching line was written, as each log format writes it: the times sightings report as
 * first and last seen. Times written without a zone are read in the zone given; classic syslog
 * stamps, which have no year, take the year that does not put them in the future.
 */
class LogTimeTests {

    private static final Instant SWEPT = Instant.parse("2026-01-03T12:00:00Z");
    private static final LogTime UTC = new LogTime(ZoneOffset.UTC, SWEPT);

    private static long time(LineParser parser, String line, LogTime times) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.time(b, 0, b.length, times);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void squidAndZeekWriteSecondsSinceTheEpoch() {
        assertThat(time(new SquidAccessLog(), "1764115200.018  48600 10.21.25.129 TCP_MISS/200 14091 GET "
                + "http://evil.example/ - HIER_DIRECT/151.101.34.2 text/html", UTC)).isEqualTo(1764115200018L);
        byte[] head = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\n".getBytes(StandardCharsets.UTF_8);
        assertThat(time(ZeekLog.of(head, head.length), "1764115200.5\tCx\t10.0.0.1", UTC)).isEqualTo(1764115200500L);
    }

    @Test
    void bindWritesLocalTimeReadInTheZoneGiven() {
        String line = "26-Nov-2025 00:00:00.029 queries: info: client @0x7f4c93c0ccb6 10.30.2.120#10692 (evil.example): "
                + "query: evil.example IN A -E(0)DC (10.0.0.53)";
        assertThat(time(new BindQueryLog(), line, UTC)).isEqualTo(at("2025-11-26T00:00:00.029Z"));
        assertThat(time(new BindQueryLog(), line, new LogTime(ZoneId.of("Europe/Paris"), SWEPT)))
                .isEqualTo(at("2025-11-25T23:00:00.029Z"));
    }

    @Test
    void classicSyslogTakesTheYearThatIsNotInTheFuture() {
        String december = "Dec 31 23:59:58 mx1 postfix/smtpd[33029]: connect from mail.evil.example[192.0.2.7]";
        String january = "Jan  3 08:00:00 mx1 postfix/smtpd[33029]: connect from mail.evil.example[192.0.2.7]";
        assertThat(time(new PostfixLog(), december, UTC)).isEqualTo(at("2025-12-31T23:59:58Z"));
        assertThat(time(new PostfixLog(), january, UTC)).isEqualTo(at("2026-01-03T08:00:00Z"));
        assertThat(time(new PostfixLog(), "2026-01-02T10:00:00.250+01:00 mx1 postfix/smtpd[1]: connect from x[192.0.2.7]",
                UTC)).isEqualTo(at("2026-01-02T09:00:00.250Z"));
    }

    @Test
    void sysmonCombinedAndJsonLinesWriteTheirZone() {
        assertThat(time(new SysmonLog(), "2025-11-26T00:00:00.815Z WS-3869 Microsoft-Windows-Sysmon: EventID=7 "
                + "UtcTime=\"2025-11-26 00:00:00.815\" Hashes=MD5=B68A4B018345C848C5D221D9841DDAAF", UTC))
                .isEqualTo(at("2025-11-26T00:00:00.815Z"));
        assertThat(time(new SysmonLog(), "EventID=1 UtcTime=\"2025-11-26 10:00:01.5\" Hashes=MD5=B68A4B018345C848C5D221D9841DDAAF",
                UTC)).isEqualTo(at("2025-11-26T10:00:01.500Z"));
        assertThat(time(new CombinedLog(), "192.0.2.1 - - [10/Oct/2025:13:55:36 -0700] \"GET / HTTP/1.1\" 200 2326 \"-\" \"x\"",
                UTC)).isEqualTo(at("2025-10-10T20:55:36Z"));
        assertThat(time(new JsonLines(), "{\"@timestamp\": \"2025-11-26T08:00:00.123Z\", \"source\": {\"ip\": \"192.0.2.1\"}}",
                UTC)).isEqualTo(at("2025-11-26T08:00:00.123Z"));
        assertThat(time(new JsonLines(), "{\"ts\":1764115200.25,\"id.orig_h\":\"192.0.2.1\"}", UTC))
                .isEqualTo(1764115200250L);
    }

    @Test
    void aLineWithoutAReadableTimeHasNone() {
        assertThat(time(new FreeText(), "seen evil.example somewhere", UTC)).isEqualTo(LogTime.UNKNOWN);
        assertThat(time(new BindQueryLog(), "99-Foo-2025 00:00:00.029 queries: info: client x", UTC)).isEqualTo(LogTime.UNKNOWN);
        assertThat(time(new SquidAccessLog(), "12.5 0 x", UTC)).isEqualTo(LogTime.UNKNOWN);
        assertThat(time(new JsonLines(), "{\"@timestamp\": \"yesterday\"}", UTC)).isEqualTo(LogTime.UNKNOWN);
        assertThat(time(new CombinedLog(), "192.0.2.1 - - [garbage] \"GET / HTTP/1.1\" 200 1", UTC)).isEqualTo(LogTime.UNKNOWN);
    }
}
