package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One recipient's copy of a published advisory, with how far they have come with it.
 *
 * @param advisory the published version they received
 * @param serial the copy's serial, different for every recipient and version
 * @param actions the recipient's report on each recommended action, in the order of the actions
 */
public record Copy(Advisory advisory, String serial, RecipientState state, OffsetDateTime deliveredAt,
        OffsetDateTime viewedAt, OffsetDateTime acknowledgedAt, String comment, List<Progress> actions) {

    /** What the recipient reported on action {@code n}; NOT_STARTED with no time until they report. */
    public record Progress(int n, ActionStatus status, String comment, OffsetDateTime updatedAt) {}
}
