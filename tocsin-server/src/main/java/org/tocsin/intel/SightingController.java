package org.tocsin.intel;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * The authority's view of the sightings members reported (with {@code tocsin sweep --report} or
 * any TAXII client): a page with a chart, and the same overview as JSON. Members never see it:
 * it is the authority's, and it would tell them about other members.
 */
@Controller
class SightingController {

    static final String AUTHORITY_ROLES = "hasRole('AUTHOR') or hasRole('APPROVER') or hasRole('ADMIN') or hasRole('AUDITOR')";
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 366;

    private final Sightings sightings;
    private final Membership membership;

    SightingController(Sightings sightings, Membership membership) {
        this.sightings = sightings;
        this.membership = membership;
    }

    @GetMapping("/api/v1/intel/sightings")
    @ResponseBody
    @PreAuthorize(AUTHORITY_ROLES)
    Sightings.Overview api(@RequestParam(required = false) String days, Authentication auth) {
        return overview(auth, days);
    }

    @GetMapping("/intel/sightings")
    @PreAuthorize(AUTHORITY_ROLES)
    String page(@RequestParam(required = false) String days, Authentication auth, Model model) {
        var overview = overview(auth, days);
        model.addAttribute("overview", overview);
        model.addAttribute("chart", SightingChart.of(overview.timeline()));
        model.addAttribute("withheld", Sightings.WITHHELD);
        model.addAttribute("sectorSize", Sightings.ANONYMITY_SECTOR_SIZE);
        return "intel/sightings";
    }

    private Sightings.Overview overview(Authentication auth, String days) {
        int window = DEFAULT_DAYS;
        if (days != null && !days.isBlank()) {
            try {
                window = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                window = -1;
            }
            if (window < 1 || window > MAX_DAYS) {
                throw Refusal.invalid("days", "Give the number of days to show, from 1 to " + MAX_DAYS);
            }
        }
        try {
            return sightings.overview(caller(auth), window);
        } catch (IllegalStateException e) {
            throw Refusal.notFound("Sightings");
        }
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
