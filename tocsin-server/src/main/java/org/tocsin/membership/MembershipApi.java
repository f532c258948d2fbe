package org.tocsin.membership;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Membership over JSON: the authority's administration of organisations, and the management of
 * an organisation's people by its own admin (or the authority's). An organisation the caller may
 * not see answers 404, exactly as one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class MembershipApi {

    private final Membership membership;

    MembershipApi(Membership membership) {
        this.membership = membership;
    }

    record OrganisationView(UUID id, String name, String status, boolean authority, List<String> sectors,
            UUID sponsor, OffsetDateTime appliedAt, OffsetDateTime approvedAt, OffsetDateTime suspendedAt) {

        static OrganisationView of(Organisation o) {
            return new OrganisationView(o.id(), o.name(), o.status().name(), o.authority(), o.sectors(), o.sponsorId(),
                    o.appliedAt(), o.approvedAt(), o.suspendedAt());
        }
    }

    record PersonView(UUID id, String username, String displayName, String status, List<String> roles,
            OffsetDateTime lastActiveAt) {

        static PersonView of(Person p) {
            return new PersonView(p.id(), p.username(), p.displayName(), p.status().name(),
                    p.roles().stream().map(Enum::name).sorted().toList(), p.lastActiveAt());
        }
    }

    record InvitationView(UUID id, String email, String displayName, List<String> roles, OffsetDateTime expiresAt) {

        static InvitationView of(Invitation i) {
            return new InvitationView(i.id(), i.email(), i.displayName(), i.roles().stream().map(Enum::name).sorted().toList(),
                    i.expiresAt());
        }
    }

    record Items<T>(List<T> items) {}

    record Application(String name, List<String> sectors) {}

    record Approval(String sponsor) {}

    record Reason(String reason) {}

    record NewInvitation(String email, String displayName, List<String> roles) {}

    record Roles(List<String> roles) {}

    @GetMapping("/sectors")
    @PreAuthorize("hasAuthority('MEMBER')")
    Items<Sector> sectors() {
        return new Items<>(membership.sectors());
    }

    @GetMapping("/organisations")
    @PreAuthorize("hasRole('ADMIN') or hasRole('AUDITOR')")
    Items<OrganisationView> organisations(@RequestParam(required = false) String status) {
        OrganisationStatus filter = null;
        if (status != null) {
            try {
                filter = OrganisationStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("status", "Expected one of APPLIED, APPROVED, SUSPENDED");
            }
        }
        return new Items<>(membership.organisations(filter).stream().map(OrganisationView::of).toList());
    }

    @PostMapping("/organisations")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    OrganisationView apply(@RequestBody Application application) {
        return OrganisationView.of(membership.apply(application.name(), application.sectors()));
    }

    @GetMapping("/organisations/{id}")
    @PreAuthorize("hasAuthority('MEMBER')")
    OrganisationView organisation(@PathVariable UUID id, Authentication auth) {
        var caller = caller(auth);
        if (!(caller.hasRole(Role.ADMIN) || caller.hasRole(Role.AUDITOR) || caller.organisationId().equals(id))) {
            throw Refusal.notFound("Organisation");
        }
        return OrganisationView.of(membership.organisation(id).orElseThrow(() -> Refusal.notFound("Organisation")));
    }

    @PostMapping("/organisations/{id}/approval")
    @PreAuthorize("hasRole('ADMIN')")
    OrganisationView approve(@PathVariable UUID id, @RequestBody Approval approval) {
        return OrganisationView.of(membership.approve(id, sponsor(approval.sponsor())));
    }

    @PostMapping("/organisations/{id}/suspension")
    @PreAuthorize("hasRole('ADMIN')")
    OrganisationView suspend(@PathVariable UUID id, @RequestBody Reason reason) {
        return OrganisationView.of(membership.suspend(id, reason.reason()));
    }

    @PostMapping("/organisations/{id}/reinstatement")
    @PreAuthorize("hasRole('ADMIN')")
    OrganisationView reinstate(@PathVariable UUID id) {
        return OrganisationView.of(membership.reinstate(id));
    }

    @GetMapping("/organisations/{id}/people")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    Items<PersonView> people(@PathVariable UUID id, Authentication auth) {
        managed(auth, id);
        return new Items<>(membership.people(id).stream().map(PersonView::of).toList());
    }

    @GetMapping("/organisations/{id}/invitations")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    Items<InvitationView> invitations(@PathVariable UUID id, Authentication auth) {
        managed(auth, id);
        return new Items<>(membership.openInvitations(id).stream().map(InvitationView::of).toList());
    }

    @PostMapping("/organisations/{id}/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    InvitationView invite(@PathVariable UUID id, @RequestBody NewInvitation invitation, Authentication auth) {
        var caller = managed(auth, id);
        return InvitationView.of(membership.invite(caller, id, invitation.email(), invitation.displayName(),
                Membership.parseRoles(invitation.roles(), "roles")));
    }

    @DeleteMapping("/invitations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    void revokeInvitation(@PathVariable UUID id, Authentication auth) {
        membership.revokeInvitation(caller(auth), id);
    }

    @PutMapping("/people/{id}/roles")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    PersonView setRoles(@PathVariable UUID id, @RequestBody Roles roles, Authentication auth) {
        managedPerson(auth, id);
        return PersonView.of(membership.setRoles(id, Membership.parseRoles(roles.roles(), "roles")));
    }

    @PostMapping("/people/{id}/suspension")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    PersonView suspendPerson(@PathVariable UUID id, @RequestBody Reason reason, Authentication auth) {
        managedPerson(auth, id);
        return PersonView.of(membership.suspendPerson(id, reason.reason()));
    }

    @PostMapping("/people/{id}/reinstatement")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    PersonView reinstatePerson(@PathVariable UUID id, Authentication auth) {
        managedPerson(auth, id);
        return PersonView.of(membership.reinstatePerson(id));
    }

    @DeleteMapping("/people/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    void removePerson(@PathVariable UUID id, Authentication auth) {
        managedPerson(auth, id);
        membership.removePerson(id);
    }

    private UUID sponsor(String sponsor) {
        if (sponsor == null || sponsor.isBlank()) {
            throw Refusal.invalid("sponsor", "Name the sponsoring organisation's id, or \"authority\"");
        }
        if ("authority".equalsIgnoreCase(sponsor.strip())) {
            return membership.authority().orElseThrow().id();
        }
        try {
            return UUID.fromString(sponsor.strip());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("sponsor", "Expected an organisation id (a UUID) or \"authority\"");
        }
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }

    private Person managed(Authentication auth, UUID organisationId) {
        var caller = caller(auth);
        if (!membership.mayManage(caller, organisationId) || membership.organisation(organisationId).isEmpty()) {
            throw Refusal.notFound("Organisation");
        }
        return caller;
    }

    private void managedPerson(Authentication auth, UUID personId) {
        var caller = caller(auth);
        var person = membership.person(personId).filter(p -> p.status() != PersonStatus.REMOVED)
                .orElseThrow(() -> Refusal.notFound("Person"));
        if (!membership.mayManage(caller, person.organisationId())) {
            throw Refusal.notFound("Person");
        }
    }
}
