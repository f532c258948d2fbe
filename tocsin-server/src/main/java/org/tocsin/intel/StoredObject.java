package org.tocsin.intel;

import java.time.OffsetDateTime;

/**
 * One version of a STIX object in a collection.
 *
 * @param version the object's {@code modified} (or {@code created}) timestamp as written, the TAXII version
 * @param json the object exactly as it is served, identical for every reader
 */
public record StoredObject(long seq, String id, String type, String version, String specVersion, String tlp,
        OffsetDateTime dateAdded, String json) {}
