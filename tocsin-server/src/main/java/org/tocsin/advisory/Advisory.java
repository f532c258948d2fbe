package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * One version of an advisory as the authority sees it.
 *
 * @param version this version's number, from 1
 * @param status the advisory's status (WITHDRAWN once withdrawn, whichever version this is)
 * @param publishedVersion the version its readers see, or null before the first publication
 * @param changes the fields changed since the version before; empty for the first version
 * @param author the username of whoever created the advisory
 * @param recipients how many people this version was published to (0 if it is not published)
 */
public record Advisory(UUID id, int version, Status status, Integer publishedVersion, String title, Tlp tlp,
        Severity severity, Integer confidence, String summary, String body, String annex, List<Action> actions,
        Audience audience, List<String> changes, String author, OffsetDateTime createdAt, OffsetDateTime editedAt,
        OffsetDateTime submittedAt, String approvedBy, OffsetDateTime approvedAt, OffsetDateTime publishedAt,
        OffsetDateTime withdrawnAt, int recipients) {

    /** A recommended action, numbered from 1 in the order written. */
    public record Action(int n, String text, Role ownerRole, int dueDays) {}

    /** The audience as written: sector slugs, organisation ids, usernames of named people, and roles. */
    public record Audience(List<String> sectors, List<UUID> organisations, List<String> users, List<Role> roles) {}

    /** The body as safe HTML. */
    public String bodyHtml() {
        return Markdown.toHtml(body);
    }

    /** The technical annex as safe HTML. */
    public String annexHtml() {
        return Markdown.toHtml(annex);
    }
}
