package org.tocsin.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Which fields of each log format are observables, and of which type: every observable in a line
 * is put in the index as an indicator, and what the parser reports is compared with what it
 * should. Fields that are not observables (query strings, message ids, IMPHASH) are put in the
 * index too, and must not match.
 */
class LogFormatTests {

    private static final String SQUID_GET = "1764115200.018  48600 10.21.25.129 TCP_MISS/200 14091 GET "
            + "http://www.Evil.example:8080/static/a.js?u=other.example - HIER_DIRECT/151.101.34.2 text/html";
    private static final String SQUID_CONNECT = "1764115200.029    132 10.34.176.54 TCP_TUNNEL/200 55543 CONNECT "
            + "login.evil.example:443 - HIER_DIRECT/2a04:4e42::1 -";
    private static final String SQUID_CONNECT_V6 = "1764115200.029    132 10.34.176.54 TCP_TUNNEL/200 55543 CONNECT "
            + "[2001:db8::5]:443 - HIER_DIRECT/2001:db8::5 -";
    private static final String SQUID_IP_URL = "1764115200.052   1001 10.9.87.232 TCP_HIT/200 107159 GET "
            + "http://192.0.2.10/x.exe - HIER_NONE/- application/octet-stream";
    private static final String BIND = "26-Nov-2025 00:00:00.029 queries: info: client @0x7f4c93c0ccb6 "
            + "10.30.2.120#10692 (www.Evil.example.): query: www.Evil.example. IN A -E(0)DC (10.0.0.53)";
    private static final String BIND_OLD = "26-Nov-2025 00:00:00.029 queries: info: client "
            + "10.30.2.120#10692 (evil.example): query: evil.example IN AAAA + (10.0.0.53)";
    private static final String POSTFIX_CONNECT = "Nov 26 00:00:00 mx1 postfix/smtpd[33029]: connect from "
            + "mail.evil.example[192.0.2.7]";
    private static final String POSTFIX_REJECT = "Nov 26 00:00:00 mx1 postfix/smtpd[33029]: NOQUEUE: reject: RCPT from "
            + "unknown[192.0.2.8]: 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using "
            + "zen.spamhaus.org; from=<Bad@Evil.example> to=<ceo@corp.example> proto=ESMTP helo=<DESKTOP-GPCPU1>";
    private static final String POSTFIX_CLEANUP = "Nov 26 00:00:00 mx1 postfix/cleanup[33036]: 4bXyZ: "
            + "message-id=<abc.123@evil.example>";
    private static final String POSTFIX_LMTP = "Nov 26 00:00:00 mx1 postfix/lmtp[33042]: 4bXyZ: to=<ceo@corp.example>, "
            + "relay=mail.corp.example[10.0.0.30]:24, delay=0.5, status=sent (250 2.0.0 <x@evil.example> Saved)";
    private static final String SYSMON = "2025-11-26T00:00:00.815Z WS-3869.corp.example Microsoft-Windows-Sysmon: EventID=7 "
            + "UtcTime=\"2025-11-26 00:00:00.815\" Image=\"C:\\Windows\\System32\\svchost.exe\" "
            + "Hashes=SHA1=34952F2FB1A7E482C3ACDD37F3D814DB2C528966,MD5=B68A4B018345C848C5D221D9841DDAAF,"
            + "SHA256=F265411969CDD783AD53D91CE1BF5307184FB0DDACBCD790F67D7D0F69713714,"
            + "IMPHASH=8D6787D81254C17AB97859DEF84F6D35 Signed=true";

    @Test
    void readsClientUrlHostAndPeerFromSquid() {
        Parsed p = parse(new SquidAccessLog(), SQUID_GET,
                "ipv4 10.21.25.129", "url http://www.evil.example:8080/static/a.js?u=other.example",
                "domain evil.example", "ipv4 151.101.34.2", "domain other.example");
        assertThat(p.observed()).containsExactlyInAnyOrder("10.21.25.129",
                "http://www.Evil.example:8080/static/a.js?u=other.example", "www.Evil.example", "151.101.34.2");
        assertThat(p.wellFormed()).isTrue();
    }

    @Test
    void readsTheHostOfAConnectTargetButNoUrl() {
        assertThat(parse(new SquidAccessLog(), SQUID_CONNECT, "domain evil.example", "url login.evil.example:443",
                "ipv6 2a04:4e42::/32").observed())
                .containsExactlyInAnyOrder("login.evil.example", "2a04:4e42::1");
        assertThat(parse(new SquidAccessLog(), SQUID_CONNECT_V6, "ipv6 2001:db8::5").observed())
                .as("the target and the peer are one (indicator, observable) pair").containsExactly("2001:db8::5");
    }

    @Test
    void readsAnAddressLiteralHostAsAnAddressAndNoPeerWithoutHierarchy() {
        assertThat(parse(new SquidAccessLog(), SQUID_IP_URL, "ipv4 192.0.2.0/24", "domain 192.0.2.10.example")
                .observed()).containsExactly("192.0.2.10");
    }

    @Test
    void countsASquidLineWithTooFewFieldsAsMalformed() {
        assertThat(parse(new SquidAccessLog(), "1764115200.018 48600 10.21.25.129 TCP_MISS/200", "ipv4 10.21.25.129")
                .wellFormed()).isFalse();
    }

    @Test
    void readsClientAndQueryNameFromBind() {
        Parsed p = parse(new BindQueryLog(), BIND, "ipv4 10.30.2.120", "domain evil.example", "ipv4 10.0.0.53");
        assertThat(p.observed()).containsExactlyInAnyOrder("10.30.2.120", "www.Evil.example.");
        assertThat(parse(new BindQueryLog(), BIND_OLD, "domain evil.example").observed()).containsExactly("evil.example");
        assertThat(parse(new BindQueryLog(), "26-Nov-2025 00:00:00.029 general: info: zone loaded", "domain evil.example")
                .wellFormed()).isFalse();
    }

    @Test
    void readsHostsAddressesAndEnvelopeAddressesFromPostfix() {
        assertThat(parse(new PostfixLog(), POSTFIX_CONNECT, "domain evil.example", "ipv4 192.0.2.7").observed())
                .containsExactlyInAnyOrder("mail.evil.example", "192.0.2.7");
        assertThat(parse(new PostfixLog(), POSTFIX_REJECT, "ipv4 192.0.2.0/24", "email bad@evil.example",
                "email ceo@corp.example", "domain unknown", "domain evil.example").observed())
                .containsExactlyInAnyOrder("192.0.2.8", "Bad@Evil.example", "ceo@corp.example");
        assertThat(parse(new PostfixLog(), POSTFIX_CLEANUP, "domain evil.example", "email abc.123@evil.example")
                .observed()).isEmpty();
        assertThat(parse(new PostfixLog(), POSTFIX_LMTP, "domain corp.example", "ipv4 10.0.0.30",
                "email ceo@corp.example", "email x@evil.example").observed())
                .containsExactlyInAnyOrder("mail.corp.example", "10.0.0.30", "ceo@corp.example");
        assertThat(parse(new PostfixLog(), "connect from mail.evil.example[192.0.2.7]", "domain evil.example")
                .wellFormed()).isFalse();
    }

    @Test
    void readsEachHashOfSysmonForItsAlgorithmButNotTheImportHash() {
        Parsed p = parse(new SysmonLog(), SYSMON,
                "sha1 34952f2fb1a7e482c3acdd37f3d814db2c528966", "md5 b68a4b018345c848c5d221d9841ddaaf",
                "sha256 f265411969cdd783ad53d91ce1bf5307184fb0ddacbcd790f67d7d0f69713714",
                "md5 8d6787d81254c17ab97859def84f6d35");
        assertThat(p.observed()).containsExactlyInAnyOrder("34952F2FB1A7E482C3ACDD37F3D814DB2C528966",
                "B68A4B018345C848C5D221D9841DDAAF", "F265411969CDD783AD53D91CE1BF5307184FB0DDACBCD790F67D7D0F69713714");
        assertThat(parse(new SysmonLog(), "Hashes=MD5=B68A4B018345C848C5D221D9841DDAAF",
                "md5 b68a4b018345c848c5d221d9841ddaaf").wellFormed()).isFalse();
    }

    private static final String COMBINED = "192.0.2.7 - frank [10/Oct/2025:13:55:36 -0700] \"GET /apache_pb.gif?u=evil.example "
            + "HTTP/1.0\" 200 2326 \"http://www.Evil.example/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
    private static final String COMBINED_PROXY = "www.corp.example:443 10.1.2.3 - - [10/Oct/2025:13:55:36 +0000] "
            + "\"GET http://dl.evil.example/x.exe HTTP/1.1\" 200 5 \"-\" \"curl/8\" rt=0.1";
    private static final String ZEEK_HEAD = "#separator \\x09\n#set_separator\t,\n#path\thttp\n"
            + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\thost\turi\treferrer\tuser_agent\n"
            + "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\n";
    private static final String ZEEK_LINE = "1764115200.1\tCx1\t10.0.0.5\t5050\t192.0.2.9\t80\tEvil.example:8080\t/a.php?q=1"
            + "\t-\tcurl";
    private static final String ZEEK_FILES_HEAD = "#separator \\x09\n#fields\tts\tfuid\ttx_hosts\trx_hosts\tmd5\tsha1\n";
    private static final String ZEEK_FILES_LINE = "1764115200.1\tF1\t192.0.2.9,198.51.100.1\t10.0.0.5\t"
            + "b68a4b018345c848c5d221d9841ddaaf\t-";
    private static final String ECS = "{\"@timestamp\":\"2025-11-26T00:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\"},"
            + "\"destination.ip\":\"192.0.2.9\",\"dns\":{\"question\":{\"name\":\"c2.evil.example\"},"
            + "\"resolved_ip\":[\"198.51.100.1\",\"198.51.100.2\"]},\"url\":{\"full\":\"https:\\/\\/dl.evil.example\\/x\"},"
            + "\"host\":{\"ip\":[\"192.0.2.10\"]},\"file\":{\"hash\":{\"md5\":\"B68A4B018345C848C5D221D9841DDAAF\"}},"
            + "\"email\":{\"from\":{\"address\":[\"Bad@Evil.example\"]}},\"message\":\"evil.example 192.0.2.11\"}";
    private static final String TEXT = "Nov 26 sshd[1]: Failed password for root from 192.0.2.9 port 22; see "
            + "https://Evil.example/x?y=1, mail bad@evil.example, hash b68a4b018345c848c5d221d9841ddaaf, peer "
            + "[2001:db8::5]:443 and c2.evil.example. but not notevil.example.org or x@evil.example.org";

    @Test
    void readsClientRequestAndRefererFromCombined() {
        assertThat(parse(new CombinedLog(), COMBINED, "ipv4 192.0.2.7", "domain evil.example",
                "url http://www.evil.example/start.html").observed())
                .containsExactlyInAnyOrder("192.0.2.7", "www.Evil.example", "http://www.Evil.example/start.html");
        assertThat(parse(new CombinedLog(), COMBINED_PROXY, "domain evil.example", "domain corp.example",
                "ipv4 10.1.2.3", "url http://dl.evil.example/x.exe").observed())
                .containsExactlyInAnyOrder("10.1.2.3", "dl.evil.example", "http://dl.evil.example/x.exe");
        assertThat(parse(new CombinedLog(), "192.0.2.7 - - no time here", "ipv4 192.0.2.7").wellFormed()).isFalse();
    }

    @Test
    void readsZeekColumnsByTheirNames() {
        byte[] head = (ZEEK_HEAD).getBytes(StandardCharsets.UTF_8);
        LineParser http = ZeekLog.of(head, head.length);
        assertThat(parse(http, ZEEK_LINE, "ipv4 10.0.0.5", "ipv4 192.0.2.9", "domain evil.example",
                "url http://evil.example:8080/a.php?q=1").observed())
                .containsExactlyInAnyOrder("10.0.0.5", "192.0.2.9", "Evil.example", "http://Evil.example:8080/a.php?q=1");
        assertThat(parse(http, "#close\t2025-11-26", "ipv4 10.0.0.5").wellFormed()).isTrue();
        assertThat(parse(http, "1764115200.1\tCx1\t10.0.0.5", "ipv4 10.0.0.5").wellFormed()).isFalse();
        byte[] filesHead = ZEEK_FILES_HEAD.getBytes(StandardCharsets.UTF_8);
        assertThat(parse(ZeekLog.of(filesHead, filesHead.length), ZEEK_FILES_LINE, "ipv4 198.51.100.0/24",
                "md5 b68a4b018345c848c5d221d9841ddaaf").observed())
                .containsExactlyInAnyOrder("198.51.100.1", "b68a4b018345c848c5d221d9841ddaaf");
    }

    @Test
    void readsTheRemotePartiesOfAnEcsEventButNotTheMembersOwnHostOrFreeText() {
        assertThat(parse(new JsonLines(), ECS, "ipv4 10.0.0.5", "ipv4 192.0.2.0/24", "ipv4 198.51.100.2",
                "domain evil.example", "url https://dl.evil.example/x", "md5 b68a4b018345c848c5d221d9841ddaaf",
                "email bad@evil.example").observed())
                .containsExactlyInAnyOrder("10.0.0.5", "192.0.2.9", "c2.evil.example", "198.51.100.2",
                        "https://dl.evil.example/x", "dl.evil.example", "B68A4B018345C848C5D221D9841DDAAF",
                        "Bad@Evil.example");
        assertThat(parse(new JsonLines(), "{\"source.ip\": \"10.0.0.5\"", "ipv4 10.0.0.5").wellFormed()).isFalse();
        assertThat(parse(new JsonLines(), "[".repeat(10_000), "ipv4 10.0.0.5").wellFormed()).isFalse();
    }

    @Test
    void findsEveryObservableOfFreeTextByItsShape() {
        assertThat(parse(new FreeText(), TEXT, "ipv4 192.0.2.9", "url https://evil.example/x?y=1",
                "email bad@evil.example", "md5 b68a4b018345c848c5d221d9841ddaaf", "ipv6 2001:db8::/32",
                "domain evil.example").observed())
                .containsExactlyInAnyOrder("192.0.2.9", "https://Evil.example/x?y=1", "Evil.example", "bad@evil.example",
                        "b68a4b018345c848c5d221d9841ddaaf", "2001:db8::5", "c2.evil.example");
    }

    @Test
    void tellsEachFormatFromItsFirstLines() {
        assertThat(detect(COMBINED, COMBINED_PROXY)).isEqualTo(LogFormat.COMBINED);
        assertThat(detect(ZEEK_HEAD + ZEEK_LINE)).isEqualTo(LogFormat.ZEEK);
        assertThat(detect(ECS, ECS)).isEqualTo(LogFormat.JSON);
        assertThat(detect(TEXT, "hello")).isEqualTo(LogFormat.TEXT);
        assertThat(detect(SQUID_GET, SQUID_CONNECT, SQUID_IP_URL)).isEqualTo(LogFormat.SQUID);
        assertThat(detect(BIND, BIND_OLD)).isEqualTo(LogFormat.BIND);
        assertThat(detect(POSTFIX_CONNECT, POSTFIX_REJECT, POSTFIX_CLEANUP, POSTFIX_LMTP)).isEqualTo(LogFormat.POSTFIX);
        assertThat(detect(SYSMON, SYSMON)).isEqualTo(LogFormat.SYSMON);
    }

    static LogFormat detect(String... lines) {
        byte[] head = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return LogFormat.detect(head, head.length);
    }

    record Parsed(boolean wellFormed, List<String> observed) {
    }

    /** Parses one line against indicators given as "type value". */
    static Parsed parse(LineParser parser, String line, String... indicators) {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        for (String indicator : indicators) {
            String[] parts = indicator.split(" ", 2);
            try {
                builder.add(builder.numberedIndicator(0), IndicatorType.ofLabel(parts[0]), parts[1]);
            } catch (InvalidIndicatorException e) {
                throw new AssertionError(e);
            }
        }
        LineMatcher m = new LineMatcher(builder.build());
        byte[] b = ("\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
        boolean wellFormed = parser.parse(b, 1, b.length - 1, m);
        List<String> observed = new ArrayList<>();
        for (int i = 0; i < m.count(); i++) {
            observed.add(m.observed(i));
        }
        return new Parsed(wellFormed, observed);
    }
}
