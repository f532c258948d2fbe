package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Who received the published version of an advisory and how far each of them has come, for the
 * authority's dashboard.
 *
 * @param version the published version, or null if the advisory has not been published
 * @param viewed how many have opened their copy (acknowledged ones included)
 */
public record Distribution(UUID advisoryId, Integer version, int total, int viewed, int acknowledged,
        List<Recipient> recipients, List<Tally> bySector, List<Tally> byOrganisation) {

    /**
     * One person on the frozen list, or given a copy by a recipient who shared it on.
     *
     * @param sharedBy the username of the recipient who shared the copy on (or delegated to this
     *        person and so gave them a copy), null for the frozen list
     * @param delegate the username of the security lead this executive delegated to, or null
     * @param acknowledgedBy the username of the delegate who acknowledged on this person's behalf, or null
     */
    public record Recipient(UUID personId, String username, UUID organisationId, String organisation,
            List<String> sectors, String serial, RecipientState state, OffsetDateTime deliveredAt,
            OffsetDateTime viewedAt, OffsetDateTime acknowledgedAt, String comment, List<Copy.Progress> actions,
            String sharedBy, OffsetDateTime sharedAt, String delegate, OffsetDateTime delegatedAt,
            String acknowledgedBy, OffsetDateTime remindedAt, OffsetDateTime escalatedAt) {}

    /** Counts for one sector (key: its slug) or one organisation (key: its id). */
    public record Tally(String key, String name, int total, int viewed, int acknowledged) {}
}
