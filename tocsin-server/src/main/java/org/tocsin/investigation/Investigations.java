package org.tocsin.investigation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.tocsin.advisory.Advisories;
import org.tocsin.advisory.Advisory;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.leak.Attribution;
import org.tocsin.leak.Fingerprints;
import org.tocsin.leak.Wording;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Investigates leaked material for an auditor: finds the published advisory version whose shared
 * text the material holds most of (or takes the advisory it is told), reads the fingerprint slots
 * the material shows, and ranks the copies on record. Only auditors investigate; for anybody else
 * investigations do not exist. Each one is audited with a SHA-256 of the material, never the
 * material itself.
 */
@Service
public class Investigations {

    /** The most text an investigation reads: far more than any advisory. */
    public static final int MAX_CHARACTERS = 500_000;
    static final int TOP = 20;
    // Anchors are runs of seven characters of an advisory's shared text; fewer than this many in order is no match.
    static final int MIN_ANCHORS = 6;

    private final Advisories advisories;
    private final Fingerprints fingerprints;
    private final Membership membership;
    private final AuditTrail audit;

    Investigations(Advisories advisories, Fingerprints fingerprints, Membership membership, AuditTrail audit) {
        this.advisories = advisories;
        this.fingerprints = fingerprints;
        this.membership = membership;
        this.audit = audit;
    }

    /** Whether a person may investigate: the authority's auditors only. */
    public static boolean mayInvestigate(Person person) {
        return person.hasRole(Role.AUDITOR);
    }

    /**
     * Investigates {@code text}, which came from advisory {@code advisoryId} if that is given.
     *
     * @throws Refusal not found for anybody but an auditor, and for an advisory that does not exist;
     *     invalid for empty, huge or binary material
     */
    public Investigation investigate(Person auditor, String text, UUID advisoryId) {
        if (!mayInvestigate(auditor)) {
            throw Refusal.notFound("Page");
        }
        var material = check(text);
        var versions = new ArrayList<Advisory>();
        if (advisoryId != null) {
            var advisory = advisories.advisory(advisoryId).orElseThrow(() -> Refusal.notFound("Advisory"));
            versions.addAll(publishedVersions(advisory));
            if (versions.isEmpty()) {
                throw Refusal.invalid("advisory", "This advisory has not been published, so nobody has a copy of it");
            }
        } else {
            for (var advisory : advisories.all()) {
                versions.addAll(publishedVersions(advisory));
            }
        }
        Advisory best = null;
        int bestAnchors = -1;
        boolean clear = false;
        for (var version : versions) {
            int anchors = fingerprints.resemblance(wording(version), material);
            if (anchors > bestAnchors) { // on a tie the newer version, seen first, stays
                best = version;
                bestAnchors = anchors;
            }
        }
        Investigation result;
        if (best == null || bestAnchors < MIN_ANCHORS) {
            result = new Investigation(advisoryId, null, null, 0, false, advisoryId == null
                    ? "Not enough of any published advisory's text to attribute: the material does not match one."
                    : "Not enough of this advisory's text to attribute: the material does not match it.",
                    List.of(), List.of());
        } else if (best.tlp() == Tlp.CLEAR) {
            clear = true;
            result = new Investigation(best.id(), best.title(), best.version(), 0, false,
                    "This advisory is TLP:CLEAR: every copy of it is the same, so the material cannot be attributed.",
                    List.of(), List.of());
        } else {
            result = attribute(best, material);
        }
        audit.record(auditor.username(), "investigation", result.advisory() == null ? "investigation"
                : "advisory:" + result.advisory(), Outcome.SUCCESS, "material sha256 " + sha256(material) + ", "
                + material.length() + " characters" + (result.version() == null ? ", no advisory matched"
                        : ", version " + result.version() + ", " + result.slotsObserved() + " slots"
                                + (clear ? ", TLP:CLEAR" : "") + (result.candidates().isEmpty() ? ""
                                        : ", first " + result.candidates().get(0).username() + " p="
                                                + String.format(Locale.ROOT, "%.2e", result.candidates().get(0).falseMatchProbability()))
                                + (result.enough() ? ", enough" : ", not enough")));
        return result;
    }

    private Investigation attribute(Advisory version, String material) {
        var attribution = fingerprints.attribute(version.id(), wording(version), material, TOP);
        var organisations = new HashMap<UUID, String>();
        var usernames = new HashMap<UUID, String>();
        var candidates = attribution.candidates().stream().map(c -> new Investigation.Candidate(c.username(),
                organisations.computeIfAbsent(c.organisationId(),
                        id -> membership.organisation(id).map(Organisation::name).orElse("")),
                round(c.score()), c.falseMatchProbability(), c.parent() == null ? null
                        : usernames.computeIfAbsent(c.parent(), parent -> sharer(version.id(), parent))))
                .toList();
        return new Investigation(version.id(), version.title(), version.version(), attribution.slotsObserved(),
                attribution.enough(), conclusion(attribution), candidates,
                attribution.invisibleMarks().stream().map(Attribution.Candidate::username).toList());
    }

    private String sharer(UUID advisoryId, UUID parentCopy) {
        return fingerprints.copyRecordById(advisoryId, parentCopy).map(Fingerprints.CopyRecord::username).orElse("");
    }

    private static String conclusion(Attribution a) {
        if (a.copies() == 0) {
            return "Nobody has opened a copy of this advisory yet, so there is no copy to compare the material with.";
        }
        if (a.slotsObserved() < Attribution.MIN_SLOTS) {
            return "Not enough of this advisory's text to attribute: " + a.slotsObserved() + " fingerprint slots were "
                    + "read, and at least " + Attribution.MIN_SLOTS + " are needed.";
        }
        var first = a.candidates().get(0);
        var expected = first.falseMatchProbability() * a.copies();
        if (a.enough()) {
            return String.format(Locale.ROOT, "%d slots read. The first copy fits far better than chance: among %d "
                    + "copies, an innocent one would score as high with probability %.1e. Weigh this with other "
                    + "evidence; it is not a verdict.", a.slotsObserved(), a.copies(), Math.min(1, expected));
        }
        return String.format(Locale.ROOT, "%d slots read, not enough for a conclusion: among %d copies, about %.2g "
                + "innocent ones would score as high as the first by chance.", a.slotsObserved(), a.copies(), expected);
    }

    /** Every version of an advisory that was published, newest first. */
    private List<Advisory> publishedVersions(Advisory current) {
        if (current.publishedVersion() == null) {
            return List.of();
        }
        var versions = new ArrayList<Advisory>();
        for (int v = current.publishedVersion(); v >= 1; v--) {
            advisories.version(current.id(), v).filter(a -> a.publishedAt() != null).ifPresent(versions::add);
        }
        return versions;
    }

    private static Wording wording(Advisory a) {
        return new Wording(a.summary(), a.body(), a.annex());
    }

    /** Empty, huge and binary material is refused, saying which. */
    static String check(String text) {
        if (text == null || text.isBlank()) {
            throw Refusal.invalid("text", "Paste the leaked text, or upload it as a text or PDF file; it is empty");
        }
        if (text.length() > MAX_CHARACTERS) {
            throw Refusal.invalid("text", "The material has " + text.length() + " characters; investigate at most "
                    + MAX_CHARACTERS + " at a time (the part that matters)");
        }
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c == '\uFFFD' || (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                control++;
            }
        }
        if (control > Math.max(3, text.length() / 100)) {
            throw Refusal.invalid("text", "The material is not text (it has " + control + " binary characters): "
                    + "paste the text, or upload a text or PDF file");
        }
        return text;
    }

    private static double round(double score) {
        return Math.round(score * 100) / 100.0;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
