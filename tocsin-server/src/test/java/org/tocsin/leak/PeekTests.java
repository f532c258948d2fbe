package org.tocsin.leak;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PeekTests {
    @Test
    void peek() {
        var doc = Document.of(DemoAdvisory.wording());
        System.out.println(doc.slots().size() + " slots, " + doc.bits() + " bits, " + doc.density());
        for (var s : doc.slots()) {
            System.out.println(s);
        }
        var random = new Random(1);
        for (int c = 0; c < 2; c++) {
            var w = doc.render(DocumentTests.randomCodeword(doc, random));
            System.out.println("-----\n" + w.summary() + "\n\n" + w.body() + "\n" + w.annex());
        }
    }
}
