package org.tocsin.advisory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Members' notices: the summary of an advisory for a wider audience, as the CPNI site carried the
 * summary of the 2007 letter. A notice is an advisory of kind NOTICE that records the advisory it
 * was derived from, so everything that holds for advisories holds for it: its own label, audience,
 * four-eyes approval, frozen recipients, copies, acknowledgement, sharing and follow-up. Its
 * readers get no access to its parent (access is by copy, and a copy of the notice is not one of
 * the parent), and its copy says nothing of the parent.
 *
 * <p>The author chooses the notice's label. The authority is the source of both documents, so it
 * may write a less restricted notice (typically TLP:GREEN from a TLP:AMBER advisory) — but only as
 * a new text: a notice less strict than its parent that repeats the parent's summary or body word
 * for word is refused, since that would be relabelling, not summarising. The second pair of eyes
 * that approves the notice is the control on what it says.
 */
@Service
public class Notices {

    private final JdbcClient jdbc;
    private final Advisories advisories;
    private final AuditTrail audit;

    Notices(JdbcClient jdbc, Advisories advisories, AuditTrail audit) {
        this.jdbc = jdbc;
        this.advisories = advisories;
        this.audit = audit;
    }

    /** What an advisory is, for the authority: an advisory with the notices derived from it, or a notice and its parent. */
    public record Derivation(UUID id, String kind, Parent derivedFrom, List<Parent> notices) {}

    /** The advisory a notice came from, or a notice derived from an advisory. */
    public record Parent(UUID id, String title, String tlp, Status status) {}

    /** Writes a notice derived from advisory {@code parentId} as a draft of its own. */
    @Transactional
    public Advisory derive(Person author, UUID parentId, Draft draft) {
        if (!author.hasRole(Role.AUTHOR)) {
            throw new org.springframework.security.access.AccessDeniedException("Needs the role AUTHOR");
        }
        var parent = advisories.advisory(parentId).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (!"ADVISORY".equals(kind(parentId))) {
            throw Refusal.conflict("A members' notice is derived from an advisory, not from another notice");
        }
        if (parent.status() == Status.WITHDRAWN) {
            throw Refusal.conflict("This advisory is withdrawn; no notice can be derived from it");
        }
        if (draft != null) {
            checkNotRelabelled(parent, draft);
        }
        var notice = advisories.create(author, draft);
        jdbc.sql("UPDATE advisory SET kind = 'NOTICE', derived_from = :parent WHERE id = :id")
                .param("parent", parentId).param("id", notice.id()).update();
        audit.record(author.username(), "advisory.notice-derived", "advisory:" + notice.id(), Outcome.SUCCESS,
                notice.tlp().label() + " notice derived from advisory:" + parentId + " (" + parent.tlp().label() + ")");
        return notice;
    }

    /** A notice keeps to the rule it was derived under when it is edited. */
    @EventListener
    public void edited(DraftEdited edited) {
        jdbc.sql("SELECT derived_from FROM advisory WHERE id = :id").param("id", edited.advisoryId())
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).list().stream()
                .flatMap(Optional::stream).findFirst().flatMap(advisories::advisory)
                .ifPresent(parent -> checkNotRelabelled(parent, edited.draft()));
    }

    /** The derivation of an advisory or notice; empty if there is no such advisory. */
    @Transactional(readOnly = true)
    public Optional<Derivation> derivation(UUID id) {
        return jdbc.sql("SELECT kind, derived_from FROM advisory WHERE id = :id").param("id", id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, UUID.class)}).optional()
                .map(row -> {
                    var parentId = (UUID) row[1];
                    var notices = jdbc.sql("SELECT id FROM advisory WHERE derived_from = :id ORDER BY created_at")
                            .param("id", id).query(UUID.class).list().stream().map(this::summary).flatMap(Optional::stream)
                            .toList();
                    return new Derivation(id, (String) row[0], parentId == null ? null : summary(parentId).orElse(null),
                            notices);
                });
    }

    private Optional<Parent> summary(UUID id) {
        return advisories.advisory(id).map(a -> new Parent(a.id(), a.title(), a.tlp().label(), a.status()));
    }

    /** Whether the advisory is a members' notice, so that pages can call it one. */
    boolean isNotice(UUID id) {
        return "NOTICE".equals(kind(id));
    }

    private String kind(UUID id) {
        return jdbc.sql("SELECT kind FROM advisory WHERE id = :id").param("id", id).query(String.class).single();
    }

    private static void checkNotRelabelled(Advisory parent, Draft draft) {
        Tlp label;
        try {
            label = Tlp.parse(draft.tlp());
        } catch (IllegalArgumentException e) {
            return; // the draft's own check names the field
        }
        if (!parent.tlp().isStricterThan(label)) {
            return;
        }
        if (same(parent.summary(), draft.summary())) {
            throw Refusal.invalid("summary", "A notice labelled " + label.label() + " must not repeat the summary of its "
                    + parent.tlp().label() + " advisory: write a summary for the wider audience");
        }
        if (same(parent.body(), draft.body())) {
            throw Refusal.invalid("body", "A notice labelled " + label.label() + " must not repeat the body of its "
                    + parent.tlp().label() + " advisory: write what the wider audience needs to know");
        }
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.strip().replace("\r\n", "\n").equals(b.strip().replace("\r\n", "\n"));
    }
}
