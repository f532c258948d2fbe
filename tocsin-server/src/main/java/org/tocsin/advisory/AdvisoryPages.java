package org.tocsin.advisory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
import org.tocsin.membership.Organisation;
import org.tocsin.membership.OrganisationStatus;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.membership.Sector;
import org.tocsin.stix.Tlp;

/**
 * The portal's advisory pages: the list, the author's form, the review page with the workflow's
 * buttons, and each recipient's copy with its acknowledgement and action forms (the authority's
 * dashboard is {@link DashboardController}). What a member may not see is "not found", as in the API.
 */
@Controller
class AdvisoryPages {

    static final int ACTION_ROWS = 5;

    private final Advisories advisories;
    private final Membership membership;
    private final Shares shares;
    private final Notices notices;
    private final Attachments attachments;

    AdvisoryPages(Advisories advisories, Membership membership, Shares shares, Notices notices, Attachments attachments) {
        this.advisories = advisories;
        this.membership = membership;
        this.shares = shares;
        this.notices = notices;
        this.attachments = attachments;
    }

    /** The form as typed, so it can be shown again with an error. */
    record Form(String title, String tlp, String severity, String confidence, String summary, String body,
            String annex, List<Row> actions, Set<String> sectors, Set<String> organisations, String users,
            Set<String> roles) {

        record Row(String text, String ownerRole, String dueDays) {}

        static Form empty() {
            return new Form("", "", "", "", "", "", "", rows(List.of()), Set.of(), Set.of(), "", Set.of());
        }

        static Form of(Advisory a) {
            return new Form(a.title(), a.tlp().label(), a.severity().name(),
                    a.confidence() == null ? "" : a.confidence().toString(), a.summary(), a.body(), a.annex(),
                    rows(a.actions().stream().map(x -> new Row(x.text(), x.ownerRole().name(), Integer.toString(x.dueDays())))
                            .toList()),
                    Set.copyOf(a.audience().sectors()),
                    a.audience().organisations().stream().map(UUID::toString).collect(Collectors.toSet()),
                    String.join("\n", a.audience().users()),
                    a.audience().roles().stream().map(Enum::name).collect(Collectors.toSet()));
        }

        static Form of(MultiValueMap<String, String> posted) {
            var texts = posted.getOrDefault("actionText", List.of());
            var owners = posted.getOrDefault("actionOwner", List.of());
            var days = posted.getOrDefault("actionDays", List.of());
            var rows = new ArrayList<Row>();
            for (int i = 0; i < Math.min(texts.size(), ACTION_ROWS); i++) {
                rows.add(new Row(texts.get(i), i < owners.size() ? owners.get(i) : "", i < days.size() ? days.get(i) : ""));
            }
            return new Form(first(posted, "title"), first(posted, "tlp"), first(posted, "severity"),
                    first(posted, "confidence"), first(posted, "summary"), first(posted, "body"), first(posted, "annex"),
                    rows(rows), new LinkedHashSet<>(posted.getOrDefault("sectors", List.of())),
                    new LinkedHashSet<>(posted.getOrDefault("organisations", List.of())), first(posted, "users"),
                    new LinkedHashSet<>(posted.getOrDefault("roles", List.of())));
        }

        /** The draft this form stands for; rows left blank are not actions. */
        Draft draft() {
            var drafted = new ArrayList<Draft.Action>();
            for (var row : actions) {
                if (row.text().isBlank() && row.dueDays().isBlank()) {
                    continue;
                }
                int index = drafted.size();
                drafted.add(new Draft.Action(row.text(), row.ownerRole(), number(row.dueDays(),
                        "actions[" + index + "].dueDays", "Give the deadline as a number of days from 1 to 365")));
            }
            var named = Arrays.stream(users.split("[\\s,;]+")).filter(u -> !u.isBlank()).toList();
            return new Draft(title, tlp, severity.isBlank() ? null : severity,
                    confidence.isBlank() ? null : number(confidence, "confidence", "Give the confidence as a number from 0 to 100"),
                    summary, body, annex, drafted,
                    new Draft.Audience(List.copyOf(sectors), List.copyOf(organisations), named, List.copyOf(roles)));
        }

        private static List<Row> rows(List<Row> given) {
            var rows = new ArrayList<>(given);
            while (rows.size() < ACTION_ROWS) {
                rows.add(new Row("", "", ""));
            }
            return rows;
        }

        private static String first(MultiValueMap<String, String> posted, String name) {
            var value = posted.getFirst(name);
            return value == null ? "" : value;
        }

        private static Integer number(String value, String field, String message) {
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                throw Refusal.invalid(field, message);
            }
        }
    }

    @GetMapping("/advisories")
    @PreAuthorize("hasAuthority('MEMBER')")
    String list(Authentication auth, Model model) {
        var caller = caller(auth);
        boolean staff = Advisories.isAuthorityStaff(caller);
        model.addAttribute("staff", staff);
        model.addAttribute("author", caller.hasRole(Role.AUTHOR));
        model.addAttribute("advisories", staff ? advisories.all() : List.of());
        model.addAttribute("copies", staff ? List.of() : advisories.copiesOf(caller));
        return "advisory/list";
    }

    @GetMapping("/advisories/new")
    @PreAuthorize("hasRole('AUTHOR')")
    String newAdvisory(Model model) {
        return form(model, Form.empty(), null);
    }

    @PostMapping("/advisories")
    @PreAuthorize("hasRole('AUTHOR')")
    String create(@RequestParam MultiValueMap<String, String> posted, Authentication auth, Model model,
            RedirectAttributes redirect) {
        var form = Form.of(posted);
        try {
            var advisory = advisories.create(caller(auth), form.draft());
            redirect.addFlashAttribute("notice", "Draft saved: " + advisory.title());
            return "redirect:/advisories/" + advisory.id();
        } catch (Refusal refusal) {
            error(model, refusal);
            return form(model, form, null);
        }
    }

    @GetMapping("/advisories/{id}/edit")
    @PreAuthorize("hasRole('AUTHOR')")
    String editForm(@PathVariable UUID id, Model model) {
        var advisory = advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        return form(model, Form.of(advisory), advisory);
    }

    @PostMapping("/advisories/{id}")
    @PreAuthorize("hasRole('AUTHOR')")
    String edit(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> posted, Authentication auth,
            Model model, RedirectAttributes redirect) {
        var advisory = advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var form = Form.of(posted);
        try {
            var saved = advisories.edit(caller(auth), id, form.draft());
            redirect.addFlashAttribute("notice", "Saved as a draft of version " + saved.version());
            return "redirect:/advisories/" + id;
        } catch (Refusal refusal) {
            error(model, refusal);
            return form(model, form, advisory);
        }
    }

    /** The review page for the authority; for a member, their copy, which this opens (marks viewed). */
    @GetMapping("/advisories/{id}")
    @PreAuthorize("hasAuthority('MEMBER')")
    String advisory(@PathVariable UUID id, Authentication auth, Model model) {
        var caller = caller(auth);
        if (Advisories.isAuthorityStaff(caller)) {
            return review(caller, advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory")), model);
        }
        var copy = advisories.read(caller, id);
        model.addAttribute("copy", copy);
        model.addAttribute("attachments", attachments.inVersion(id, copy.advisory().version()));
        model.addAttribute("statuses", ActionStatus.values());
        model.addAttribute("passing", shares.passing(caller, id).orElse(null));
        model.addAttribute("noun", notices.isNotice(id) ? "members' notice" : "advisory");
        return "advisory/copy";
    }

    @PostMapping("/advisories/{id}/submit")
    @PreAuthorize("hasRole('AUTHOR')")
    String submit(@PathVariable UUID id, Authentication auth, Model model, RedirectAttributes redirect) {
        return step(id, auth, model, redirect, () -> "Submitted for review: " + advisories.submit(caller(auth), id).title());
    }

    @PostMapping("/advisories/{id}/approve")
    @PreAuthorize("hasRole('APPROVER')")
    String approve(@PathVariable UUID id, Authentication auth, Model model, RedirectAttributes redirect) {
        return step(id, auth, model, redirect, () -> "Approved: " + advisories.approve(caller(auth), id).title());
    }

    @PostMapping("/advisories/{id}/publish")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER')")
    String publish(@PathVariable UUID id, Authentication auth, Model model, RedirectAttributes redirect) {
        return step(id, auth, model, redirect, () -> {
            var published = advisories.publish(caller(auth), id);
            return "Published to " + published.recipients() + " recipients: " + published.title();
        });
    }

    @PostMapping("/advisories/{id}/withdraw")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER')")
    String withdraw(@PathVariable UUID id, @RequestParam(required = false) String reason, Authentication auth,
            Model model, RedirectAttributes redirect) {
        return step(id, auth, model, redirect, () -> "Withdrawn: " + advisories.withdraw(caller(auth), id, reason).title());
    }

    @PostMapping("/advisories/{id}/acknowledgement")
    @PreAuthorize("hasAuthority('MEMBER')")
    String acknowledge(@PathVariable UUID id, @RequestParam(required = false) String comment, Authentication auth,
            Model model, RedirectAttributes redirect) {
        var caller = caller(auth);
        try {
            advisories.acknowledge(caller, id, comment);
            redirect.addFlashAttribute("notice", "Thank you: your acknowledgement is recorded");
            return "redirect:/advisories/" + id;
        } catch (Refusal refusal) {
            return copyWithError(caller, id, refusal, model);
        }
    }

    @PostMapping("/advisories/{id}/actions/{n}")
    @PreAuthorize("hasAuthority('MEMBER')")
    String report(@PathVariable UUID id, @PathVariable int n, @RequestParam(required = false) String status,
            @RequestParam(required = false) String comment, Authentication auth, Model model, RedirectAttributes redirect) {
        var caller = caller(auth);
        try {
            advisories.report(caller, id, n, status, comment);
            redirect.addFlashAttribute("notice", "Action " + n + " updated");
            return "redirect:/advisories/" + id;
        } catch (Refusal refusal) {
            return copyWithError(caller, id, refusal, model);
        }
    }

    private String step(UUID id, Authentication auth, Model model, RedirectAttributes redirect, Supplier<String> step) {
        try {
            redirect.addFlashAttribute("notice", step.get());
            return "redirect:/advisories/" + id;
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            error(model, refusal);
            return review(caller(auth), advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory")), model);
        }
    }

    private String copyWithError(Person caller, UUID id, Refusal refusal, Model model) {
        if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
            throw refusal;
        }
        error(model, refusal);
        var copy = advisories.read(caller, id);
        model.addAttribute("copy", copy);
        model.addAttribute("attachments", attachments.inVersion(id, copy.advisory().version()));
        model.addAttribute("statuses", ActionStatus.values());
        model.addAttribute("passing", shares.passing(caller, id).orElse(null));
        model.addAttribute("noun", notices.isNotice(id) ? "members' notice" : "advisory");
        return "advisory/copy";
    }

    private String review(Person caller, Advisory advisory, Model model) {
        var names = organisationNames();
        model.addAttribute("advisory", advisory);
        model.addAttribute("attachments", attachments.inVersion(advisory.id(), advisory.version()));
        model.addAttribute("mayAttach", caller.hasRole(Role.AUTHOR) && advisory.status() == Status.DRAFT);
        model.addAttribute("organisationNames", names);
        model.addAttribute("sectorNames", sectorNames());
        model.addAttribute("density", org.tocsin.leak.Fingerprints.density(
                new org.tocsin.leak.Wording(advisory.summary(), advisory.body(), advisory.annex())));
        model.addAttribute("mayEdit", caller.hasRole(Role.AUTHOR) && advisory.status() != Status.WITHDRAWN);
        model.addAttribute("maySubmit", caller.hasRole(Role.AUTHOR) && advisory.status() == Status.DRAFT);
        model.addAttribute("mayApprove", caller.hasRole(Role.APPROVER) && advisory.status() == Status.IN_REVIEW
                && !caller.username().equals(advisory.author()));
        model.addAttribute("mayPublish", (caller.hasRole(Role.AUTHOR) || caller.hasRole(Role.APPROVER))
                && advisory.status() == Status.APPROVED);
        model.addAttribute("mayWithdraw", (caller.hasRole(Role.AUTHOR) || caller.hasRole(Role.APPROVER))
                && advisory.publishedVersion() != null && advisory.status() != Status.WITHDRAWN);
        var derivation = notices.derivation(advisory.id()).orElse(null);
        model.addAttribute("derivation", derivation);
        model.addAttribute("mayDeriveNotice", caller.hasRole(Role.AUTHOR) && advisory.status() != Status.WITHDRAWN
                && derivation != null && derivation.derivedFrom() == null);
        return "advisory/review";
    }

    private String form(Model model, Form form, Advisory existing) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        if (existing != null) {
            model.addAttribute("attachments", attachments.inVersion(existing.id(), existing.version()));
            model.addAttribute("mayAttach", existing.status() == Status.DRAFT);
        }
        choices(model, membership);
        return "advisory/form";
    }

    /** What the advisory form offers to choose from: labels, severities, roles, sectors and organisations. */
    static void choices(Model model, Membership membership) {
        model.addAttribute("labels", Arrays.stream(Tlp.values()).map(Tlp::label).toList());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("memberRoles", Arrays.stream(Role.values()).filter(r -> !r.isAuthorityRole()).toList());
        model.addAttribute("sectors", membership.sectors());
        model.addAttribute("organisations", membership.organisations(OrganisationStatus.APPROVED).stream()
                .filter(o -> !o.authority()).toList());
    }

    /** The summary links to the field; ids in the page use dashes ({@code actions[1].text} is {@code actions-1-text}). */
    private static void error(Model model, Refusal refusal) {
        model.addAttribute("errorField", refusal.field() == null ? null
                : refusal.field().replaceAll("[\\[\\].]+", "-").replaceAll("-$", ""));
        model.addAttribute("error", refusal.getMessage());
    }

    private Map<UUID, String> organisationNames() {
        return membership.organisations(null).stream().collect(Collectors.toMap(Organisation::id, Organisation::name));
    }

    private Map<String, String> sectorNames() {
        return membership.sectors().stream().collect(Collectors.toMap(Sector::slug, Sector::name));
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
