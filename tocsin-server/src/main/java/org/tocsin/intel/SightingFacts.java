package org.tocsin.intel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Files the facts of sightings as they are stored in the submissions collection (the
 * {@code sighting} table of V10): what they are a sighting of, how many times, first and last
 * seen. A sighting without {@code count} counts once; without {@code first_seen} or
 * {@code last_seen}, it was seen when it was reported.
 */
final class SightingFacts {

    private SightingFacts() {
    }

    /**
     * Files the sightings among objects just stored, within the caller's transaction.
     *
     * @param bodies the JSON of each object stored, or {@code null} for one that is not a sighting
     * @param seqs the sequence number each was stored under
     * @param now when they were stored
     */
    static void record(JdbcTemplate jdbc, ObjectMapper json, List<String> bodies, long[] seqs, OffsetDateTime now) {
        var rows = new ArrayList<Object[]>();
        for (int i = 0; i < seqs.length; i++) {
            if (bodies.get(i) == null) {
                continue;
            }
            JsonNode sighting = json.readTree(bodies.get(i));
            var reported = now.withOffsetSameInstant(ZoneOffset.UTC);
            var first = time(sighting.path("first_seen"), reported);
            var last = time(sighting.path("last_seen"), first.isAfter(reported) ? first : reported);
            long count = sighting.path("count").isIntegralNumber() ? sighting.path("count").asLong() : 1;
            rows.add(new Object[] {seqs[i], sighting.path("sighting_of_ref").asString(""), count, first, last});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO sighting (object_seq, sighting_of_ref, sighting_count, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?)""", rows);
        }
    }

    private static OffsetDateTime time(JsonNode value, OffsetDateTime otherwise) {
        if (!value.isString()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.asString()).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return otherwise; // validation has already refused malformed timestamps
        }
    }
}
