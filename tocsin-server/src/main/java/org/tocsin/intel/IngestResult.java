package org.tocsin.intel;

import java.util.List;

/**
 * The outcome of adding an envelope of objects: all of them stored (or already there), or none.
 *
 * @param successes ids and versions stored, or found already stored (adding the same object twice changes nothing)
 * @param failures what was wrong, per object, when nothing was stored
 */
public record IngestResult(int total, List<Item> successes, List<Item> failures) {

    /** One object's outcome; {@code message} says what was wrong (or is null on success). */
    public record Item(String id, String version, String message) {}
}
