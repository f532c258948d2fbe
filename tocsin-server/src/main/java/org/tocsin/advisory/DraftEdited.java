package org.tocsin.advisory;

import java.util.UUID;

/**
 * An author is about to save a change to an advisory; the draft passed every check of its own.
 * Listeners run before anything is written and may refuse the change with a {@code Refusal}.
 */
record DraftEdited(UUID advisoryId, Draft draft) {}
