package org.tocsin.advisory;

import java.util.List;

/**
 * What an author writes, as it arrives from a form or the API: every value is checked by
 * {@link Advisories}, which refuses the first one at fault naming its field (for example
 * {@code actions[1].dueDays} or {@code audience.users}).
 *
 * @param tlp exactly one of the five TLP 2.0 labels, as TLP 2.0 writes them
 * @param severity LOW, MEDIUM, HIGH or CRITICAL
 * @param confidence 0 to 100, or null when not stated
 * @param summary plain language for executives: at most 150 words and no indicator values
 * @param body Markdown
 * @param annex the technical annex, Markdown; may be empty
 */
public record Draft(String title, String tlp, String severity, Integer confidence, String summary, String body,
        String annex, List<Action> actions, Audience audience) {

    /** A recommended action: what to do, the member role that owns it, and within how many days of publication. */
    public record Action(String text, String ownerRole, Integer dueDays) {}

    /**
     * Who receives the advisory: the people of these sectors and organisations and these named
     * people (usernames), narrowed to the given member roles when any are given.
     */
    public record Audience(List<String> sectors, List<String> organisations, List<String> users, List<String> roles) {}
}
