package org.tocsin.intel;

import java.time.OffsetDateTime;

/**
 * An object a member submitted, as the authority sees it for review: the submitter is named only
 * when they consented to it.
 *
 * @param submitter the organisation's name, or "An anonymous member" with its sectors
 */
public record Submission(long seq, String id, String type, String tlp, OffsetDateTime dateAdded, Attribution attribution,
        String submitter, OffsetDateTime releasedAt, String json) {}
