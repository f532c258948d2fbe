package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Sharing on and delegation over JSON. Only the holder of a copy may pass it on; for anybody else
 * the advisory is "not found", as on every other path. A delegate sees the state of the
 * executive's copy they act on, never that copy's serial.
 */
@RestController
@RequestMapping("/api/v1/advisories/{id}")
class SharingApi {

    private final Shares shares;
    private final Membership membership;

    SharingApi(Shares shares, Membership membership) {
        this.shares = shares;
        this.membership = membership;
    }

    record ShareRequest(String username) {}

    record OnBehalf(String executive, String comment) {}

    record ActionOnBehalf(String executive, String status, String comment) {}

    record PassingView(String tlp, boolean mayShare, boolean mayDelegate, List<String> sharedWith, String delegate,
            List<Shares.Principal> actingFor) {}

    record PrincipalCopy(String executive, String state, OffsetDateTime acknowledgedAt, String delegate,
            List<AdvisoryApi.ActionReport> actions) {

        static PrincipalCopy of(Copy copy, String executive, String delegate) {
            return new PrincipalCopy(executive, copy.state().name(), copy.acknowledgedAt(), delegate,
                    copy.actions().stream().map(p -> new AdvisoryApi.ActionReport(p.n(), p.status().name(), p.comment(),
                            p.updatedAt())).toList());
        }
    }

    @PostMapping("/shares")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('MEMBER')")
    Shares.Shared share(@PathVariable UUID id, @RequestBody(required = false) ShareRequest body, Authentication auth) {
        return shares.share(caller(auth), id, body == null ? null : body.username());
    }

    /** What the caller passed on and for whom they act; 404 unless they hold a copy. */
    @GetMapping("/shares")
    @PreAuthorize("hasAuthority('MEMBER')")
    PassingView passing(@PathVariable UUID id, Authentication auth) {
        var p = shares.passing(caller(auth), id).orElseThrow(() -> Refusal.notFound("Advisory"));
        return new PassingView(p.tlp().label(), p.mayShare(), p.mayDelegate(), p.sharedWith(), p.delegate(),
                p.actingFor());
    }

    @PutMapping("/delegation")
    @PreAuthorize("hasRole('EXECUTIVE')")
    Shares.Delegation delegate(@PathVariable UUID id, @RequestBody(required = false) ShareRequest body,
            Authentication auth) {
        return shares.delegate(caller(auth), id, body == null ? null : body.username());
    }

    @PostMapping("/delegation/acknowledgement")
    @PreAuthorize("hasRole('SECURITY_LEAD')")
    PrincipalCopy acknowledgeFor(@PathVariable UUID id, @RequestBody(required = false) OnBehalf body,
            Authentication auth) {
        var delegate = caller(auth);
        var executive = body == null ? null : body.executive();
        var copy = shares.acknowledgeFor(delegate, id, executive, body == null ? null : body.comment());
        return PrincipalCopy.of(copy, executive.strip(), delegate.username());
    }

    @PutMapping("/delegation/actions/{n}")
    @PreAuthorize("hasRole('SECURITY_LEAD')")
    PrincipalCopy reportFor(@PathVariable UUID id, @PathVariable int n, @RequestBody(required = false) ActionOnBehalf body,
            Authentication auth) {
        var delegate = caller(auth);
        var executive = body == null ? null : body.executive();
        var copy = shares.reportFor(delegate, id, executive, n, body == null ? null : body.status(),
                body == null ? null : body.comment());
        return PrincipalCopy.of(copy, executive.strip(), delegate.username());
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
