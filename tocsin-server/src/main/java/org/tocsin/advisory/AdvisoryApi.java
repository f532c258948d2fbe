package org.tocsin.advisory;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Advisories over JSON. The authority's authors, approvers and auditors see every advisory in its
 * current version; a member sees only their own copies of published advisories, and for anything
 * else every path answers 404, exactly as for an advisory that does not exist.
 */
@RestController
@RequestMapping("/api/v1/advisories")
class AdvisoryApi {

    private final Advisories advisories;
    private final Membership membership;
    private final AuditTrail audit;

    private final Dashboards dashboards;

    AdvisoryApi(Advisories advisories, Membership membership, AuditTrail audit, Dashboards dashboards) {
        this.dashboards = dashboards;
        this.advisories = advisories;
        this.membership = membership;
        this.audit = audit;
    }

    record ActionView(int n, String text, String ownerRole, int dueDays) {

        static ActionView of(Advisory.Action a) {
            return new ActionView(a.n(), a.text(), a.ownerRole().name(), a.dueDays());
        }
    }

    record AudienceView(List<String> sectors, List<UUID> organisations, List<String> users, List<String> roles) {}

    /** The authority's view of an advisory's current version. */
    record AdvisoryView(UUID id, int version, String status, Integer publishedVersion, String title, String tlp,
            String severity, Integer confidence, String summary, String body, String bodyHtml, String annex,
            String annexHtml, List<ActionView> actions, AudienceView audience, List<String> changes, String author,
            OffsetDateTime createdAt, OffsetDateTime editedAt, OffsetDateTime submittedAt, String approvedBy,
            OffsetDateTime approvedAt, OffsetDateTime publishedAt, OffsetDateTime withdrawnAt, int recipients) {

        static AdvisoryView of(Advisory a) {
            return new AdvisoryView(a.id(), a.version(), a.status().name(), a.publishedVersion(), a.title(),
                    a.tlp().label(), a.severity().name(), a.confidence(), a.summary(), a.body(), a.bodyHtml(),
                    a.annex(), a.annexHtml(), a.actions().stream().map(ActionView::of).toList(),
                    new AudienceView(a.audience().sectors(), a.audience().organisations(), a.audience().users(),
                            a.audience().roles().stream().map(Enum::name).toList()),
                    a.changes(), a.author(), a.createdAt(), a.editedAt(), a.submittedAt(), a.approvedBy(),
                    a.approvedAt(), a.publishedAt(), a.withdrawnAt(), a.recipients());
        }
    }

    record ProgressView(int n, String text, String ownerRole, int dueDays, OffsetDateTime dueAt, String status,
            String comment, OffsetDateTime updatedAt) {}

    record CopyDetails(String serial, String state, OffsetDateTime deliveredAt, OffsetDateTime viewedAt,
            OffsetDateTime acknowledgedAt, String comment) {}

    /** A recipient's own copy: the advisory as published, with no word about who else received it. */
    record CopyView(UUID id, int version, String status, String title, String tlp, String severity, Integer confidence,
            String summary, String body, String bodyHtml, String annex, String annexHtml, OffsetDateTime publishedAt,
            List<String> changes, List<ProgressView> actions, CopyDetails copy) {

        static CopyView of(Copy c) {
            var a = c.advisory();
            var actions = a.actions().stream().map(action -> {
                var p = c.actions().get(action.n() - 1);
                return new ProgressView(action.n(), action.text(), action.ownerRole().name(), action.dueDays(),
                        a.publishedAt().plusDays(action.dueDays()), p.status().name(), p.comment(), p.updatedAt());
            }).toList();
            return new CopyView(a.id(), a.version(), a.status().name(), a.title(), a.tlp().label(), a.severity().name(),
                    a.confidence(), a.summary(), a.body(), a.bodyHtml(), a.annex(), a.annexHtml(), a.publishedAt(),
                    a.changes(), actions, new CopyDetails(c.serial(), c.state().name(), c.deliveredAt(), c.viewedAt(),
                            c.acknowledgedAt(), c.comment()));
        }
    }

    record ListItem(UUID id, int version, String title, String tlp, String severity, String status,
            OffsetDateTime publishedAt, String state) {}

    record Items<T>(List<T> items) {}

    record RecipientView(String username, String organisation, UUID organisationId, List<String> sectors,
            String serial, String state, OffsetDateTime deliveredAt, OffsetDateTime viewedAt,
            OffsetDateTime acknowledgedAt, String comment, List<ActionReport> actions, String sharedBy,
            OffsetDateTime sharedAt, String delegate, OffsetDateTime delegatedAt, String acknowledgedBy,
            OffsetDateTime remindedAt, OffsetDateTime escalatedAt, boolean late) {}

    record ActionReport(int n, String status, String comment, OffsetDateTime updatedAt) {}

    record RecipientsView(UUID advisoryId, Integer version, int total, int viewed, int acknowledged, int actedOn,
            int late, List<RecipientView> items, List<Distribution.Tally> bySector, List<Distribution.Tally> byOrganisation) {}

    record Reason(String reason) {}

    record Acknowledgement(String comment) {}

    record ActionUpdate(String status, String comment) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AUTHOR')")
    AdvisoryView create(@RequestBody Draft draft, Authentication auth) {
        return AdvisoryView.of(advisories.create(caller(auth), draft));
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('AUTHOR')")
    AdvisoryView edit(@PathVariable UUID id, @RequestBody Draft draft, Authentication auth) {
        return AdvisoryView.of(advisories.edit(caller(auth), id, draft));
    }

    @PostMapping("/{id}/submit")
    @PreAuthorize("hasRole('AUTHOR')")
    AdvisoryView submit(@PathVariable UUID id, Authentication auth) {
        return AdvisoryView.of(advisories.submit(caller(auth), id));
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize("hasRole('APPROVER')")
    AdvisoryView approve(@PathVariable UUID id, Authentication auth) {
        return AdvisoryView.of(advisories.approve(caller(auth), id));
    }

    @PostMapping("/{id}/publish")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER')")
    AdvisoryView publish(@PathVariable UUID id, Authentication auth) {
        return AdvisoryView.of(advisories.publish(caller(auth), id));
    }

    @PostMapping("/{id}/withdraw")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER')")
    AdvisoryView withdraw(@PathVariable UUID id, @RequestBody(required = false) Reason reason, Authentication auth) {
        return AdvisoryView.of(advisories.withdraw(caller(auth), id, reason == null ? null : reason.reason()));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('MEMBER')")
    Items<ListItem> list(Authentication auth) {
        var caller = caller(auth);
        if (Advisories.isAuthorityStaff(caller)) {
            return new Items<>(advisories.all().stream().map(a -> new ListItem(a.id(), a.version(), a.title(),
                    a.tlp().label(), a.severity().name(), a.status().name(), a.publishedAt(), null)).toList());
        }
        return new Items<>(advisories.copiesOf(caller).stream().map(c -> new ListItem(c.advisory().id(),
                c.advisory().version(), c.advisory().title(), c.advisory().tlp().label(), c.advisory().severity().name(),
                c.advisory().status().name(), c.advisory().publishedAt(), c.state().name())).toList());
    }

    /** The authority's view for its staff; for anybody else their own copy, which this opens (marks viewed). */
    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('MEMBER')")
    Object advisory(@PathVariable UUID id, Authentication auth) {
        var caller = caller(auth);
        if (Advisories.isAuthorityStaff(caller)) {
            return AdvisoryView.of(advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory")));
        }
        return CopyView.of(advisories.read(caller, id));
    }

    @PostMapping("/{id}/acknowledgement")
    @PreAuthorize("hasAuthority('MEMBER')")
    CopyView acknowledge(@PathVariable UUID id, @RequestBody(required = false) Acknowledgement body, Authentication auth) {
        return CopyView.of(advisories.acknowledge(caller(auth), id, body == null ? null : body.comment()));
    }

    @PutMapping("/{id}/actions/{n}")
    @PreAuthorize("hasAuthority('MEMBER')")
    CopyView report(@PathVariable UUID id, @PathVariable int n, @RequestBody ActionUpdate update, Authentication auth) {
        return CopyView.of(advisories.report(caller(auth), id, n, update.status(), update.comment()));
    }

    /** For the authority only; to anybody else every advisory's recipients are not found. */
    @GetMapping("/{id}/recipients")
    @PreAuthorize("hasAuthority('MEMBER')")
    RecipientsView recipients(@PathVariable UUID id, Authentication auth) {
        if (!Advisories.isAuthorityStaff(caller(auth))) {
            throw Refusal.notFound("Advisory");
        }
        var board = dashboards.of(id);
        var d = board.distribution();
        var late = board.late().stream().map(e -> e.recipient().personId()).collect(java.util.stream.Collectors.toSet());
        return new RecipientsView(d.advisoryId(), d.version(), d.total(), d.viewed(), d.acknowledged(),
                board.total().acted(), board.total().late(),
                d.recipients().stream().map(r -> new RecipientView(r.username(), r.organisation(), r.organisationId(),
                        r.sectors(), r.serial(), r.state().name(), r.deliveredAt(), r.viewedAt(), r.acknowledgedAt(),
                        r.comment(), r.actions().stream().map(p -> new ActionReport(p.n(), p.status().name(),
                                p.comment(), p.updatedAt())).toList(), r.sharedBy(), r.sharedAt(), r.delegate(),
                        r.delegatedAt(), r.acknowledgedBy(), r.remindedAt(), r.escalatedAt(),
                        late.contains(r.personId()))).toList(),
                d.bySector(), d.byOrganisation());
    }

    /** The four-eyes rule says exactly what is wrong, and is audited like every other denial. */
    @ExceptionHandler(SecondPersonRequired.class)
    ResponseEntity<ProblemDetail> secondPersonRequired(SecondPersonRequired e, HttpServletRequest request) {
        audit.record("access.denied", request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED,
                "four-eyes: the approver wrote this advisory");
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
