package org.tocsin.intel;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The TAXII filters, already checked: {@code added_after}, {@code match[id]}, {@code match[type]},
 * {@code match[version]} ("last", "first", "all" or timestamps), {@code match[spec_version]},
 * {@code limit} and the opaque {@code next} (the last sequence number seen).
 */
public record ObjectQuery(OffsetDateTime addedAfter, List<String> ids, List<String> types, List<String> versions,
        List<String> specVersions, int limit, long after) {

    public static final int MAX_LIMIT = 1000;

    public static ObjectQuery all() {
        return new ObjectQuery(null, List.of(), List.of(), List.of("all"), List.of(), MAX_LIMIT, 0);
    }
}
