package org.tocsin.membership;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The organisation page (its people and invitations, managed by its admin) and the authority's
 * administration of organisations (applications, approval with a sponsor, suspension).
 */
@Controller
class MembershipPages {

    private final Membership membership;

    MembershipPages(Membership membership) {
        this.membership = membership;
    }

    @GetMapping("/organisation")
    @PreAuthorize("hasAuthority('MEMBER')")
    String ownOrganisation(Authentication auth, Model model) {
        return organisationPage(caller(auth), caller(auth).organisationId(), model);
    }

    @GetMapping("/organisations/{id}")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    String organisation(@PathVariable UUID id, Authentication auth, Model model) {
        var caller = caller(auth);
        if (!membership.mayManage(caller, id)) {
            throw Refusal.notFound("Organisation");
        }
        return organisationPage(caller, id, model);
    }

    @PostMapping("/organisations/{id}/invitations")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    String invite(@PathVariable UUID id, @RequestParam(required = false) String email,
            @RequestParam(required = false) String displayName, @RequestParam(required = false) List<String> roles,
            Authentication auth, Model model, RedirectAttributes redirect) {
        var caller = caller(auth);
        try {
            var invitation = membership.invite(caller, id, email, displayName, Membership.parseRoles(roles, "roles"));
            redirect.addFlashAttribute("notice", "Invitation sent to " + invitation.email());
            return "redirect:" + pageOf(caller, id);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            model.addAttribute("email", email);
            model.addAttribute("displayName", displayName);
            return organisationPage(caller, id, model);
        }
    }

    @PostMapping("/organisations/{id}/people/{personId}/removal")
    @PreAuthorize("hasRole('ADMIN') or hasRole('ORG_ADMIN')")
    String remove(@PathVariable UUID id, @PathVariable UUID personId, Authentication auth, RedirectAttributes redirect) {
        var caller = caller(auth);
        var person = membership.person(personId).filter(p -> p.organisationId().equals(id))
                .filter(p -> membership.mayManage(caller, p.organisationId()))
                .orElseThrow(() -> Refusal.notFound("Person"));
        membership.removePerson(person.id());
        redirect.addFlashAttribute("notice", person.displayName() + " has been removed");
        return "redirect:" + pageOf(caller, id);
    }

    @GetMapping("/admin/organisations")
    @PreAuthorize("hasRole('ADMIN')")
    String administration(Model model) {
        var all = membership.organisations(null);
        model.addAttribute("applied", all.stream().filter(o -> o.status() == OrganisationStatus.APPLIED).toList());
        model.addAttribute("approved", all.stream().filter(o -> o.status() == OrganisationStatus.APPROVED).toList());
        model.addAttribute("suspended", all.stream().filter(o -> o.status() == OrganisationStatus.SUSPENDED).toList());
        model.addAttribute("names", all.stream().collect(Collectors.toMap(Organisation::id, Organisation::name)));
        model.addAttribute("sectors", membership.sectors());
        return "membership/administration";
    }

    @PostMapping("/admin/organisations")
    @PreAuthorize("hasRole('ADMIN')")
    String apply(@RequestParam(required = false) String name, @RequestParam(required = false) List<String> sectors,
            Model model, RedirectAttributes redirect) {
        try {
            var organisation = membership.apply(name, sectors == null ? List.of() : sectors);
            redirect.addFlashAttribute("notice", organisation.name() + " has applied and awaits approval");
            return "redirect:/admin/organisations";
        } catch (Refusal refusal) {
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            model.addAttribute("name", name);
            return administration(model);
        }
    }

    @PostMapping("/admin/organisations/{id}/approval")
    @PreAuthorize("hasRole('ADMIN')")
    String approve(@PathVariable UUID id, @RequestParam(required = false) String sponsor, Model model,
            RedirectAttributes redirect) {
        return act(model, redirect, () -> {
            UUID sponsorId;
            try {
                sponsorId = sponsor == null || sponsor.isBlank() ? null : UUID.fromString(sponsor);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("sponsor", "Choose the sponsoring organisation from the list");
            }
            return membership.approve(id, sponsorId).name() + " has been approved";
        });
    }

    @PostMapping("/admin/organisations/{id}/suspension")
    @PreAuthorize("hasRole('ADMIN')")
    String suspend(@PathVariable UUID id, @RequestParam(required = false) String reason, Model model,
            RedirectAttributes redirect) {
        return act(model, redirect, () -> membership.suspend(id, reason).name() + " has been suspended");
    }

    @PostMapping("/admin/organisations/{id}/reinstatement")
    @PreAuthorize("hasRole('ADMIN')")
    String reinstate(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        return act(model, redirect, () -> membership.reinstate(id).name() + " has been reinstated");
    }

    private String act(Model model, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
            return "redirect:/admin/organisations";
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            return administration(model);
        }
    }

    private String organisationPage(Person caller, UUID organisationId, Model model) {
        var organisation = membership.organisation(organisationId).orElseThrow(() -> Refusal.notFound("Organisation"));
        boolean manages = membership.mayManage(caller, organisationId);
        model.addAttribute("organisation", organisation);
        model.addAttribute("people", membership.people(organisationId));
        model.addAttribute("manages", manages);
        model.addAttribute("invitations", manages ? membership.openInvitations(organisationId) : List.of());
        model.addAttribute("roles", java.util.Arrays.stream(Role.values())
                .filter(r -> r.isAuthorityRole() == organisation.authority()).toList());
        model.addAttribute("sectorNames", membership.sectors().stream()
                .collect(Collectors.toMap(Sector::slug, Sector::name)));
        model.addAttribute("formAction", "/organisations/" + organisationId);
        return "membership/organisation";
    }

    private String pageOf(Person caller, UUID organisationId) {
        return caller.organisationId().equals(organisationId) ? "/organisation" : "/organisations/" + organisationId;
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
