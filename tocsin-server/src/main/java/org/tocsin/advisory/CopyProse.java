package org.tocsin.advisory;

import org.tocsin.leak.Fingerprints;
import org.tocsin.leak.Wording;
import org.tocsin.membership.Person;
import org.tocsin.stix.Tlp;

/**
 * A reader's copy of an advisory's prose — summary, body and technical annex — with their own
 * fingerprint (issue 4, module {@code leak}). TLP:CLEAR may be shared with anyone, so every reader
 * gets the same text. Title, actions, deadlines and indicators are never varied.
 */
final class CopyProse {

    private CopyProse() {}

    static Advisory of(Fingerprints fingerprints, Advisory a, Person reader) {
        if (a.tlp() == Tlp.CLEAR) {
            return a;
        }
        var copy = fingerprints.copyFor(a.id(), a.version(), reader, new Wording(a.summary(), a.body(), a.annex()));
        return new Advisory(a.id(), a.version(), a.status(), a.publishedVersion(), a.title(), a.tlp(), a.severity(),
                a.confidence(), copy.summary(), copy.body(), copy.annex(), a.actions(), a.audience(), a.changes(),
                a.author(), a.createdAt(), a.editedAt(), a.submittedAt(), a.approvedBy(), a.approvedAt(),
                a.publishedAt(), a.withdrawnAt(), a.recipients());
    }
}
