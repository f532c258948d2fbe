package org.tocsin.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tocsin.membership.Refusal;

class DocumentTests {

    static final String SUMMARY = """
            State-sponsored attackers are breaking into the networks of banks, accountancy firms and law firms \
            to steal confidential commercial information. By 14 December 2007 make sure your security lead has \
            checked the logs of the last 30 days; the UK authority and Tocsin will help.""";
    static final String BODY = """
            ## What is happening

            The attackers send e-mail from `conference-invite@events.example` and look for hidden software \
            at update-check.example, 10.20.30.40 and hxxp://bad[.]example/x. This advisory is **TLP:AMBER**: \
            share it inside your organisation, with those who need to know.

            1. Chief executives: brief your board within 7 days, and treat this as a board-level risk.
            2. Security leads: search your logs for the SHA-256 hash \
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 and tell us what you find.
            """;
    static final List<String> FACTS = List.of("14 December 2007", "30 days", "UK", "Tocsin",
            "`conference-invite@events.example`", "update-check.example", "10.20.30.40", "hxxp://bad[.]example/x",
            "**TLP:AMBER**", "7 days", "SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "## ", "1. ", "2. ");

    @Test
    void factsAreIdenticalInEveryCopy() {
        var document = Document.of(new Wording(SUMMARY, BODY, ""));
        assertThat(document.slots()).hasSizeGreaterThan(10);
        var random = new Random(1);
        var copies = new HashSet<String>();
        for (int c = 0; c < 300; c++) {
            var copy = document.render(randomCodeword(document, random));
            var text = copy.summary() + "\n" + copy.body();
            copies.add(text);
            for (var fact : FACTS) {
                assertThat(count(text, fact)).as(fact + " in\n" + text).isEqualTo(count(SUMMARY + "\n" + BODY, fact));
            }
        }
        assertThat(copies).hasSizeGreaterThan(290);
    }

    @Test
    void demoAdvisoryFactsAreIdenticalInEveryCopy() {
        var wording = DemoAdvisory.wording();
        var document = Document.of(wording);
        var original = wording.summary() + wording.body() + wording.annex();
        // every word with a digit, an inner dot, at-sign or colon, every code span, every capitalised word inside a sentence
        var facts = new HashSet<String>();
        var m = Pattern.compile("`[^`]+`|\\S*[0-9.@:/]\\S*[A-Za-z0-9]|(?<=[a-z,] )[A-Z][A-Za-z]+").matcher(original);
        while (m.find()) {
            facts.add(m.group());
        }
        assertThat(facts).contains("`update-check.example`", "`conference-invite@events.example`", "**TLP:AMBER",
                "UK", "Tocsin", "TAXII", "IT");
        var random = new Random(2);
        for (int c = 0; c < 200; c++) {
            var copy = document.render(randomCodeword(document, random));
            var text = copy.summary() + copy.body() + copy.annex();
            for (var fact : facts) {
                assertThat(count(text, fact)).as(fact).isEqualTo(count(original, fact));
            }
        }
    }

    @Test
    void theSameCodewordAlwaysGivesTheSameCopy() {
        var wording = DemoAdvisory.wording();
        var key = new byte[32];
        var seed = Codewords.recipientSeed(key, "someone");
        var first = Document.of(wording).render(new Codewords(key).symbols(seed, Document.of(wording).arities()));
        var again = Document.of(wording).render(new Codewords(key).symbols(seed, Document.of(wording).arities()));
        assertThat(again).isEqualTo(first);
        assertThat(Codewords.recipientSeed(key, "someone else")).isNotEqualTo(seed);
        assertThat(Codewords.childSeed(key, "parent-copy", "someone")).isNotEqualTo(seed);
    }

    @Test
    void codewordsComputedTogetherEqualThoseComputedOneByOne() {
        var key = new byte[32];
        new Random(5).nextBytes(key);
        var arity = new int[] {2, 3, 4, 6, 2, 2, 3, 5, 2, 2, 2, 3};
        var seeds = new java.util.ArrayList<byte[]>();
        for (int i = 0; i < 20; i++) {
            seeds.add(Codewords.recipientSeed(key, "person-" + i));
        }
        var ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xFF); // the counter wraps round
        seeds.add(ones);
        var together = new Codewords(key).symbols(seeds, arity, arity.length);
        for (int i = 0; i < seeds.size(); i++) {
            assertThat(together[i]).containsExactly(new Codewords(key).symbols(seeds.get(i), arity));
        }
    }

    @Test
    void authorsMarksAreVariantsAndAnyOrderListsAreReordered() {
        var document = Document.of(new Wording("We {{warn|alert|advise}} you.", """
                Do this:

                {{any order}}
                - patch the servers
                - rotate the keys
                - brief the staff

                Thank you.""", null));
        var marked = document.slots().get(0);
        assertThat(marked.kind()).isEqualTo(Slot.Kind.MARKED);
        assertThat(marked.arity()).isEqualTo(3);
        var order = document.slots().stream().filter(s -> s.kind() == Slot.Kind.ORDER).findFirst().orElseThrow();
        assertThat(order.arity()).isEqualTo(6);
        var codeword = new int[document.slots().size()];
        codeword[marked.id()] = 1;
        codeword[order.id()] = 1;
        var copy = document.render(codeword);
        assertThat(copy.summary()).isEqualTo("We alert you.");
        assertThat(copy.body()).isEqualTo("""
                Do this:

                - rotate the keys
                - brief the staff
                - patch the servers

                Thank you.""");
        assertThat(document.original().summary()).isEqualTo("We warn you.");
    }

    @Test
    void braceInCodeIsNotAMark() {
        var document = Document.of(new Wording("Plain.", "The payload is `{{7*7}}` and\n\n```\n{{x}}\n```\n", null));
        assertThat(document.slots()).noneMatch(s -> s.kind() == Slot.Kind.MARKED);
        assertThat(document.original().body()).contains("`{{7*7}}`", "{{x}}");
    }

    @Test
    void malformedMarksAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> Document.check("body", "Fine.\nWe {{warn you."))
                .isInstanceOf(Refusal.class).hasMessageContaining("line 2, character 4").hasMessageContaining("not closed");
        assertThatThrownBy(() -> Document.check("summary", "We {{warn}} you."))
                .isInstanceOf(Refusal.class).hasMessageContaining("one variant");
        assertThatThrownBy(() -> Document.check("summary", "We warn}} you."))
                .isInstanceOf(Refusal.class).hasMessageContaining("closes no mark");
        assertThatThrownBy(() -> Document.check("summary", "Patch within {{3 days|72 hours}}."))
                .isInstanceOf(Refusal.class).hasMessageContaining("'3'").hasMessageContaining("same in every copy");
        assertThatThrownBy(() -> Document.check("summary", "Block {{evil.example|the domain}} now."))
                .isInstanceOf(Refusal.class).hasMessageContaining("evil.example");
        assertThatThrownBy(() -> Document.check("body", "{{any order}}\nNot a list."))
                .isInstanceOf(Refusal.class).hasMessageContaining("list");
    }

    @Test
    void densityWarnsTheAuthorAboutThinSentences() {
        var thin = Document.of(new Wording("The server is down. Restart it. Call the desk.", null, null)).density();
        assertThat(thin.enough()).isFalse();
        assertThat(thin.warning()).contains("bits per sentence");
        assertThat(thin.thin()).extracting(Density.Sentence::text).containsExactly("The server is down.", "Call the desk.");
        var demo = Document.of(DemoAdvisory.wording()).density();
        assertThat(demo.enough()).as(demo.toString()).isTrue();
    }

    @Test
    void anExactCopyReadsBackCompletely() {
        var document = Document.of(DemoAdvisory.wording());
        var reader = new Reader(document);
        var random = new Random(3);
        for (int c = 0; c < 50; c++) {
            var codeword = randomCodeword(document, random);
            var copy = document.render(codeword);
            var observation = reader.read(copy.summary() + "\n\n" + copy.body() + "\n\n" + copy.annex());
            assertThat(observation.symbols()).as(copy.summary() + copy.body()).containsExactly(codeword);
        }
    }

    @Test
    void invisibleMarksAreFoundInPastedTextAndIgnoredByReading() {
        var text = Invisible.embed("Attackers are breaking in.", 0xABCDEF123456L);
        assertThat(text).isNotEqualTo("Attackers are breaking in.");
        assertThat(Invisible.find("prefix " + text)).containsExactly(0xABCDEF123456L);
        assertThat(Normaliser.normalise(text)).isEqualTo("attackers are breaking in.");
    }

    static int[] randomCodeword(Document document, Random random) {
        var codeword = new int[document.slots().size()];
        for (int j = 0; j < codeword.length; j++) {
            codeword[j] = random.nextInt(document.slots().get(j).arity());
        }
        return codeword;
    }

    static int count(String text, String fact) {
        int count = 0;
        int at = text.indexOf(fact);
        while (at >= 0) {
            count++;
            at = text.indexOf(fact, at + 1);
        }
        return count;
    }
}
