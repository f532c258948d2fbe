package org.tocsin.leak;

import org.tocsin.advisory.Draft;

/** The demo's 2007 warning, the advisory the attribution harness measures with. */
final class DemoAdvisory {

    private DemoAdvisory() {}

    static Draft draft() {
        try {
            // DemoData keeps the warning to itself (it is the demo module's business); the harness reads the very same text.
            var field = Class.forName("org.tocsin.demo.DemoData").getDeclaredField("WARNING_2007");
            field.setAccessible(true);
            return (Draft) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The demo advisory moved", e);
        }
    }

    static Wording wording() {
        var draft = draft();
        return new Wording(draft.summary(), draft.body(), draft.annex());
    }
}
