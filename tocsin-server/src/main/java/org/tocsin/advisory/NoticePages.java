package org.tocsin.advisory;

import java.util.Set;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.stix.Tlp;

/**
 * The author's form for a members' notice derived from an advisory: the advisory form, started
 * with the advisory's actions and its sectors (every role), TLP:GREEN, and a summary and body to
 * write anew for the wider audience.
 */
@Controller
class NoticePages {

    private final Advisories advisories;
    private final Notices notices;
    private final Membership membership;

    NoticePages(Advisories advisories, Notices notices, Membership membership) {
        this.advisories = advisories;
        this.notices = notices;
        this.membership = membership;
    }

    @GetMapping("/advisories/{id}/notices/new")
    @PreAuthorize("hasRole('AUTHOR')")
    String newNotice(@PathVariable UUID id, Model model) {
        var parent = advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var start = AdvisoryPages.Form.of(parent);
        var title = "Members' notice: " + parent.title();
        var form = new AdvisoryPages.Form(title.length() > 200 ? title.substring(0, 200) : title, Tlp.GREEN.label(),
                start.severity(), start.confidence(), "", "", "", start.actions(), start.sectors(), Set.of(), "", Set.of());
        return form(model, form, parent);
    }

    @PostMapping("/advisories/{id}/notices")
    @PreAuthorize("hasRole('AUTHOR')")
    String derive(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> posted, Authentication auth,
            Model model, RedirectAttributes redirect) {
        var parent = advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var form = AdvisoryPages.Form.of(posted);
        try {
            var notice = notices.derive(caller(auth), id, form.draft());
            redirect.addFlashAttribute("notice", "Members' notice saved as a draft: " + notice.title());
            return "redirect:/advisories/" + notice.id();
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("errorField", refusal.field() == null ? null
                    : refusal.field().replaceAll("[\\[\\].]+", "-").replaceAll("-$", ""));
            model.addAttribute("error", refusal.getMessage());
            return form(model, form, parent);
        }
    }

    private String form(Model model, AdvisoryPages.Form form, Advisory parent) {
        model.addAttribute("form", form);
        model.addAttribute("existing", null);
        model.addAttribute("parent", parent);
        model.addAttribute("heading", "Write a members' notice");
        AdvisoryPages.choices(model, membership);
        return "advisory/form";
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
