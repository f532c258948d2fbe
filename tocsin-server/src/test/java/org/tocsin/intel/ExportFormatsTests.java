package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tocsin.stix.pattern.Observable;
import org.tocsin.stix.pattern.Observable.Kind;

/** The export formats' own rules, value by value. */
class ExportFormatsTests {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =cmd|' /C calc'!A0", "\u0000=1", "  @x", "\u0007+1"})
    void neutralisesAnythingASpreadsheetWouldTakeForAFormula(String value) {
        var cell = Exports.cell(value);
        assertThat(cell).startsWith("\"'");
        assertThat(cell).endsWith("\"");
    }

    @Test
    void quotesEveryCellAndDoublesQuotes() {
        assertThat(Exports.cell("evil.example")).isEqualTo("\"evil.example\"");
        assertThat(Exports.cell("say \"hi\", then")).isEqualTo("\"say \"\"hi\"\", then\"");
        assertThat(Exports.cell(null)).isEqualTo("\"\"");
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7,32.7.100.51.198.rpz-ip", "198.51.100.0/24,24.0.100.51.198.rpz-ip",
            "2001:db8::1,128.1.zz.db8.2001.rpz-ip"})
    void writesRpzIpTriggersWithReversedAddresses(String value, String trigger) {
        assertThat(Exports.rpzIp(value)).isEqualTo(trigger);
    }

    @Test
    void escapesSuricataContentCharacters() {
        assertThat(Exports.content("a|b\"c;d:e\\f")).isEqualTo("a|7C|b|22|c|3B|d|3A|e|5C|f");
    }

    @Test
    void writesZeekIntelWithTypesAndUrlsWithoutScheme() {
        var rows = List.of(row(Kind.DOMAIN, "evil.example"), row(Kind.IPV4, "198.51.100.0/24"), row(Kind.IPV6, "2001:db8::1"),
                row(Kind.URL, "https://evil.example/x"), row(Kind.SHA256, "ab".repeat(32)), row(Kind.EMAIL, "a@evil.example"));
        var zeek = Exports.zeek(rows);
        assertThat(zeek).startsWith("#fields\tindicator\tindicator_type\tmeta.source");
        assertThat(zeek).contains("evil.example\tIntel::DOMAIN", "198.51.100.0/24\tIntel::SUBNET", "2001:db8::1\tIntel::ADDR",
                "evil.example/x\tIntel::URL", "\tIntel::FILE_HASH", "a@evil.example\tIntel::EMAIL");
        assertThat(zeek).doesNotContain("https://");
    }

    @Test
    void writesSuricataRulesThatMatchADomainAndItsSubdomains() {
        var rules = Exports.suricata(List.of(row(Kind.DOMAIN, "Evil.Example"), row(Kind.IPV4, "198.51.100.7")));
        assertThat(rules).contains("dns.query; dotprefix; content:\".evil.example\"; nocase; endswith;");
        assertThat(rules).contains("alert ip $HOME_NET any -> 198.51.100.7 any");
        assertThat(rules.lines().filter(l -> l.startsWith("alert")).map(l -> l.replaceAll(".*sid:(\\d+).*", "$1")).distinct().count())
                .isEqualTo(4);
    }

    @Test
    void writesHostsAndPlainListsDeduplicated() {
        var rows = List.of(row(Kind.DOMAIN, "evil.example"), row(Kind.DOMAIN, "evil.example"), row(Kind.MD5, "d41d8cd98f00b204e9800998ecf8427e"));
        assertThat(Exports.hosts(rows)).contains("0.0.0.0 evil.example\n").doesNotContain("d41d8");
        assertThat(Exports.text(rows).lines()).containsExactly("d41d8cd98f00b204e9800998ecf8427e", "evil.example");
    }

    private static Exports.Row row(Kind kind, String value) {
        return new Exports.Row("indicator--00000000-0000-4000-8000-000000000001", "name", "TLP:GREEN", "Banking",
                "2026-11-01T00:00:00Z", new Observable(kind, value));
    }
}
