package org.tocsin.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Sector;

/** The member's home page: who they are, their organisation, and what they can do from here. */
@Controller
class HomeController {

    private final Membership membership;

    HomeController(Membership membership) {
        this.membership = membership;
    }

    @GetMapping("/")
    @PreAuthorize("hasAuthority('MEMBER')")
    String home(Authentication auth, Model model) {
        var person = membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
        var organisation = membership.organisation(person.organisationId()).orElseThrow();
        var names = membership.sectors().stream()
                .collect(java.util.stream.Collectors.toMap(Sector::slug, Sector::name));
        model.addAttribute("person", person);
        model.addAttribute("organisation", organisation);
        model.addAttribute("sectorNames", organisation.sectors().stream().map(names::get).toList());
        return "web/home";
    }
}
