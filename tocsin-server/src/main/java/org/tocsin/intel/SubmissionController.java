package org.tocsin.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Members' submissions: uploaded in the portal (or sent over TAXII), reviewed by the authority,
 * and released — anonymised unless the submitter consented to be named — to a wider collection.
 */
@Controller
class SubmissionController {

    private static final UUID SUBMISSIONS = UUID.fromString("ddc77f14-73ae-5388-985c-496c8d7e1bd0");

    private final IntelStore store;
    private final Membership membership;
    private final ObjectMapper json;

    SubmissionController(IntelStore store, Membership membership, ObjectMapper json) {
        this.store = store;
        this.membership = membership;
        this.json = json;
    }

    record SubmissionView(long seq, String id, String type, String tlp, String dateAdded, String attribution,
            String submitter, String releasedAt) {

        static SubmissionView of(Submission s) {
            return new SubmissionView(s.seq(), s.id(), s.type(), s.tlp(), String.valueOf(s.dateAdded()),
                    s.attribution().name(), s.submitter(), s.releasedAt() == null ? null : s.releasedAt().toString());
        }
    }

    record Items<T>(List<T> items) {}

    record Release(String collection) {}

    record Released(int total, int successes, List<String> failures) {}

    @GetMapping("/api/v1/intel/submissions")
    @ResponseBody
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER') or hasRole('ADMIN') or hasRole('AUDITOR')")
    Items<SubmissionView> submissions(Authentication auth) {
        return new Items<>(store.submissions(caller(auth)).stream().map(SubmissionView::of).toList());
    }

    @PostMapping("/api/v1/intel/submissions/{seq}/release")
    @ResponseBody
    @PreAuthorize("hasRole('AUTHOR') or hasRole('ADMIN')")
    Released releaseApi(@PathVariable long seq, @RequestBody Release release, Authentication auth) {
        var result = release(auth, seq, release == null ? null : release.collection());
        if (!result.failures().isEmpty()) {
            throw Refusal.invalid("collection", result.failures().get(0).message());
        }
        return new Released(result.total(), result.successes().size(), List.of());
    }

    @GetMapping("/intel/submissions")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('APPROVER') or hasRole('ADMIN') or hasRole('AUDITOR')")
    String page(Authentication auth, Model model) {
        var person = caller(auth);
        model.addAttribute("submissions", store.submissions(person));
        model.addAttribute("targets", store.collections(person).stream().filter(IntelCollection::canWrite)
                .filter(c -> c.kind() == IntelCollection.Kind.ALL_MEMBERS || c.kind() == IntelCollection.Kind.SECTOR).toList());
        return "intel/submissions";
    }

    @PostMapping("/intel/submissions/{seq}/release")
    @PreAuthorize("hasRole('AUTHOR') or hasRole('ADMIN')")
    String releasePage(@PathVariable long seq, @RequestParam(required = false) String collection, Authentication auth,
            RedirectAttributes redirect) {
        var result = release(auth, seq, collection);
        redirect.addFlashAttribute(result.failures().isEmpty() ? "notice" : "error",
                result.failures().isEmpty() ? "Released" : result.failures().get(0).message());
        return "redirect:/intel/submissions";
    }

    /** A member uploads a STIX bundle (or TAXII envelope) to the submissions collection. */
    @PostMapping("/intel/submissions")
    @PreAuthorize("hasRole('SECURITY_LEAD') or hasRole('ANALYST')")
    String upload(@RequestParam(required = false) String content, @RequestParam(required = false) String attribution,
            Authentication auth, RedirectAttributes redirect) {
        var person = caller(auth);
        var collection = store.collection(person, SUBMISSIONS).filter(IntelCollection::canWrite)
                .orElseThrow(() -> Refusal.notFound("Collection"));
        Attribution consent;
        try {
            consent = Attribution.valueOf(String.valueOf(attribution == null ? "none" : attribution).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("attribution", "Choose who may learn that your organisation sent this");
        }
        var objects = new ArrayList<JsonNode>();
        try {
            var document = json.readTree(content == null ? "" : content);
            if (document == null || !document.path("objects").isArray() || document.path("objects").isEmpty()) {
                throw Refusal.invalid("content", "Paste a STIX 2.1 bundle: {\"type\": \"bundle\", \"objects\": [...]}");
            }
            document.path("objects").forEach(objects::add);
        } catch (JacksonException e) {
            var where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            redirect.addFlashAttribute("error", "The bundle is not valid JSON" + where);
            return "redirect:/intel";
        } catch (Refusal refusal) {
            redirect.addFlashAttribute("error", refusal.getMessage());
            return "redirect:/intel";
        }
        var result = store.add(person, collection, objects, consent);
        redirect.addFlashAttribute(result.failures().isEmpty() ? "notice" : "error", result.failures().isEmpty()
                ? "Thank you: " + result.successes().size() + " objects sent to the authority"
                : "Nothing was sent: " + result.failures().get(0).id() + ": " + result.failures().get(0).message());
        return "redirect:/intel";
    }

    private IngestResult release(Authentication auth, long seq, String collection) {
        var person = caller(auth);
        UUID target;
        try {
            target = UUID.fromString(String.valueOf(collection).strip());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("collection", "Choose the collection to release to (its id)");
        }
        var targetCollection = store.collection(person, target).orElseThrow(() -> Refusal.notFound("Collection"));
        try {
            return store.release(person, seq, targetCollection);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("collection", e.getMessage());
        } catch (IllegalStateException e) {
            throw Refusal.notFound("Submission");
        }
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
