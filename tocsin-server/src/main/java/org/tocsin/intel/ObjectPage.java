package org.tocsin.intel;

import java.util.List;

/** A page of objects and whether more follow; {@code next} is the cursor for the next page. */
public record ObjectPage(List<StoredObject> objects, boolean more, String next) {}
