package org.tocsin.taxii;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tocsin.intel.ObjectQuery;
import org.tocsin.taxii.TaxiiController.TaxiiError;

/**
 * The query parameters of TAXII's object endpoints (TAXII 2.1 §3.4): {@code added_after},
 * {@code limit}, {@code next} and the {@code match[…]} filters, read into an {@link ObjectQuery}
 * or refused with a 400 that names the parameter. Anything else is refused too, so a misspelt
 * filter never silently widens an answer.
 */
final class TaxiiFilters {

    /** The most values one {@code match[…]} filter may list. */
    static final int MAX_VALUES = 1000;

    private static final Set<String> NAMES = Set.of("added_after", "limit", "next", "match[id]", "match[type]",
            "match[version]", "match[spec_version]");
    private static final int DEFAULT_LIMIT = 100;

    private TaxiiFilters() {
    }

    /**
     * @param params the request's query parameters
     * @param ids the object ids the path names (none, or the one of {@code /objects/{id}/})
     * @throws TaxiiError (400) for an unknown parameter or a value that is not what it should be
     */
    static ObjectQuery query(Map<String, String> params, List<String> ids) {
        for (var name : params.keySet()) {
            if (!NAMES.contains(name)) {
                throw bad("Unknown parameter '" + shorten(name) + "'");
            }
        }
        OffsetDateTime addedAfter = null;
        if (params.containsKey("added_after")) {
            try {
                addedAfter = OffsetDateTime.parse(params.get("added_after"));
            } catch (DateTimeParseException e) {
                throw bad("added_after must be a timestamp like 2026-11-26T09:30:00.000Z");
            }
        }
        int limit = DEFAULT_LIMIT;
        if (params.containsKey("limit")) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw bad("limit must be a whole number of at least 1");
            }
            limit = Math.min(limit, ObjectQuery.MAX_LIMIT);
        }
        long after = 0;
        if (params.containsKey("next")) {
            try {
                after = Long.parseLong(params.get("next"));
            } catch (NumberFormatException e) {
                after = -1;
            }
            if (after < 0) {
                throw bad("next must be a value this server gave in an earlier answer");
            }
        }
        var versions = list(params, "match[version]");
        for (var version : versions) {
            if (!List.of("last", "first", "all").contains(version)) {
                try {
                    OffsetDateTime.parse(version);
                } catch (DateTimeParseException e) {
                    throw bad("match[version] takes last, first, all or timestamps, not '" + shorten(version) + "'");
                }
            }
        }
        var allIds = new ArrayList<>(ids);
        allIds.addAll(list(params, "match[id]"));
        return new ObjectQuery(addedAfter, allIds, list(params, "match[type]"), versions,
                list(params, "match[spec_version]"), limit, after);
    }

    /** The comma-separated values of a parameter, blank ones left out. */
    static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> list(Map<String, String> params, String name) {
        var values = list(params.get(name));
        if (values.size() > MAX_VALUES) {
            throw bad(name + " lists " + values.size() + " values; at most " + MAX_VALUES + " are allowed");
        }
        return values;
    }

    private static TaxiiError bad(String description) {
        return new TaxiiError(400, "Bad request", description);
    }

    private static String shorten(String value) {
        var printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
