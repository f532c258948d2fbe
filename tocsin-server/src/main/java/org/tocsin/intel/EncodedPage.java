package org.tocsin.intel;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A page of objects as {@link ObjectPage} has it, but each object only as the UTF-8 bytes of its
 * JSON exactly as stored, for writing straight to a response.
 *
 * @param firstAdded when the page's first object was added, null if the page is empty
 * @param lastAdded when its last object was added, null if the page is empty
 */
public record EncodedPage(List<byte[]> objects, OffsetDateTime firstAdded, OffsetDateTime lastAdded, boolean more,
        String next) {}
