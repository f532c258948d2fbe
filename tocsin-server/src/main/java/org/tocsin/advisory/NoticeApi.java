package org.tocsin.advisory;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Members' notices over JSON: an author derives one from an advisory; the authority reads what an
 * advisory was derived from and what was derived from it. To members both are "not found".
 */
@RestController
@RequestMapping("/api/v1/advisories/{id}")
class NoticeApi {

    private final Notices notices;
    private final Membership membership;

    NoticeApi(Notices notices, Membership membership) {
        this.notices = notices;
        this.membership = membership;
    }

    /** The new notice: an advisory of kind NOTICE, in its authority view, with the advisory it came from. */
    record NoticeView(String kind, UUID derivedFrom, AdvisoryApi.AdvisoryView notice) {}

    @PostMapping("/notices")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AUTHOR')")
    NoticeView derive(@PathVariable UUID id, @RequestBody Draft draft, Authentication auth) {
        var notice = notices.derive(caller(auth), id, draft);
        return new NoticeView("NOTICE", id, AdvisoryApi.AdvisoryView.of(notice));
    }

    @GetMapping("/derivation")
    @PreAuthorize("hasAuthority('MEMBER')")
    Notices.Derivation derivation(@PathVariable UUID id, Authentication auth) {
        if (!Advisories.isAuthorityStaff(caller(auth))) {
            throw Refusal.notFound("Advisory");
        }
        return notices.derivation(id).orElseThrow(() -> Refusal.notFound("Advisory"));
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
