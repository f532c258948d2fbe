package org.tocsin.cli.sweep;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Every parser takes any bytes without failing: each sample line cut at every position, and
 * thousands of random mutations of it, are read (well formed or not) and never throw.
 */
class HostileLineTests {

    private static final List<String> SAMPLES = List.of(
            "1764115200.018  48600 10.21.25.129 TCP_MISS/200 14091 GET http://user@www.evil.example:8080/a?b=c - "
                    + "HIER_DIRECT/2001:db8::1 text/html",
            "1764115200.029    132 10.34.176.54 TCP_TUNNEL/200 55543 CONNECT [2001:db8::5]:443 - HIER_DIRECT/1.2.3.4 -",
            "26-Nov-2025 00:00:00.029 queries: info: client @0x7f4c93c0ccb6 10.30.2.120#10692 (www.evil.example.): query: "
                    + "www.evil.example. IN A -E(0)DC (10.0.0.53)",
            "Nov 26 00:00:00 mx1 postfix/smtpd[33029]: NOQUEUE: reject: RCPT from unknown[192.0.2.8]: 554 5.7.1; "
                    + "from=<bad@evil.example> to=<ceo@corp.example> relay=a[1.2.3.4]:25 client=x=y[::1]",
            "2025-11-26T00:00:00.815Z WS Microsoft-Windows-Sysmon: EventID=7 Hashes=SHA1=34952F2FB1A7E482C3ACDD37F3D814DB2C528966,"
                    + "MD5=B68A4B018345C848C5D221D9841DDAAF,SHA256=F265411969CDD783AD53D91CE1BF5307184FB0DDACBCD790F67D7D0F69713714",
            "192.0.2.7 - frank [10/Oct/2025:13:55:36 -0700] \"CONNECT evil.example:443 HTTP/1.0\" 200 2326 "
                    + "\"http://www.evil.example/\" \"Mozilla \\\" x\"",
            "1764115200.1\tCx1\t10.0.0.5\t5050\t192.0.2.9\t80\tevil.example:8080\t/a.php\t-\tcurl",
            "{\"source\":{\"ip\":\"10.0.0.5\"},\"url\":{\"full\":\"https:\\/\\/x.evil.example\\/\\u00e9\\ud83d\\ude00\"},"
                    + "\"related\":{\"hash\":[\"b68a4b018345c848c5d221d9841ddaaf\"]},\"n\":[1,true,null,{\"a\":[]}]}",
            "see https://Evil.example/x?y=1, bad@evil.example [2001:db8::5]:443 b68a4b018345c848c5d221d9841ddaaf ::ffff:1.2.3.4 "
                    + "xn--bcher-kva.example b\u00fccher.example 1.2.3.4:80 .a..b. @ :: [ ]");

    @Test
    void readsAnyCutOrMutationOfALineWithoutFailing() throws InvalidIndicatorException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        builder.add(builder.numberedIndicator(0), IndicatorType.DOMAIN, "evil.example");
        builder.add(builder.numberedIndicator(1), IndicatorType.IPV6, "2001:db8::/32");
        builder.add(builder.numberedIndicator(2), IndicatorType.IPV4, "1.2.3.0/24");
        builder.add(builder.numberedIndicator(3), IndicatorType.URL, "https://evil.example/x?y=1");
        builder.add(builder.numberedIndicator(4), IndicatorType.EMAIL, "bad@evil.example");
        builder.add(builder.numberedIndicator(5), IndicatorType.MD5, "b68a4b018345c848c5d221d9841ddaaf");
        LineMatcher m = new LineMatcher(builder.build());
        byte[] zeekHead = ("#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\thost\turi"
                + "\treferrer\tuser_agent\n").getBytes(StandardCharsets.UTF_8);
        List<LineParser> parsers = List.of(new SquidAccessLog(), new BindQueryLog(), new PostfixLog(), new SysmonLog(),
                new CombinedLog(), ZeekLog.of(zeekHead, zeekHead.length), new JsonLines(), new FreeText());
        Random random = new Random(42);
        byte[] specials = "[]<>()\"'\\:/@#.=,%-{} \t\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (String sample : SAMPLES) {
            byte[] line = sample.getBytes(StandardCharsets.UTF_8);
            for (LineParser parser : parsers) {
                assertThatCode(() -> {
                    for (int cut = 0; cut <= line.length; cut++) {
                        for (int start = 0; start <= Math.min(cut, 3); start++) {
                            parser.parse(line, start, cut, m);
                            m.clear();
                        }
                    }
                    for (int round = 0; round < 2000; round++) {
                        byte[] mutated = line.clone();
                        int changes = 1 + random.nextInt(4);
                        for (int k = 0; k < changes; k++) {
                            mutated[random.nextInt(mutated.length)] = random.nextBoolean()
                                    ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
                        }
                        parser.parse(mutated, 0, mutated.length, m);
                        m.clear();
                    }
                }).as(parser.getClass().getSimpleName() + " on " + sample).doesNotThrowAnyException();
            }
        }
    }
}
