package org.tocsin.stix;

import java.util.List;
import java.util.Objects;

/**
 * A STIX bundle held in memory: an id and the objects it carries, in order. For bundles too large
 * to hold, read with {@link org.tocsin.stix.json.BundleReader} and write with
 * {@link org.tocsin.stix.json.BundleWriter}.
 *
 * @param id the bundle's id, {@code bundle--UUID}
 * @param objects the objects, in order
 */
public record Bundle(String id, List<StixObject> objects) {

    public Bundle {
        Objects.requireNonNull(id, "id");
        objects = List.copyOf(objects);
    }

    /**
     * Makes a bundle with a new random id.
     *
     * @param objects the objects
     * @return the bundle
     */
    public static Bundle of(List<StixObject> objects) {
        return new Bundle(StixId.random("bundle").toString(), objects);
    }
}
