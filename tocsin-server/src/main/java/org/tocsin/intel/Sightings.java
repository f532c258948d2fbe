package org.tocsin.intel;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.OrganisationStatus;
import org.tocsin.membership.Person;

import tools.jackson.databind.ObjectMapper;

/**
 * The authority's overview of the sightings members reported: by indicator, by sector and by
 * day. Only the latest version of each sighting counts.
 *
 * <p>Who is named follows the consent each sighting was sent with ({@code X-Tocsin-Attribution}):
 * an organisation that agreed to be named to the authority (or to everyone) is named here; an
 * anonymous one is named nowhere, and counts towards its sectors only in sectors of at least
 * {@value #ANONYMITY_SECTOR_SIZE} approved member organisations: in a smaller sector the sector
 * would all but name the member, so its anonymous sightings are shown as "sector withheld".
 * Organisations are counted apart by consent (a member that reported one sighting named and
 * another anonymously counts once in each), so that no count tells which named member an
 * anonymous sighting came from.
 */
@Service
class Sightings {

    /** The fewest approved member organisations a sector must have to be shown for an anonymous sighting. */
    static final int ANONYMITY_SECTOR_SIZE = 3;
    static final String WITHHELD = "Sector withheld";
    private static final UUID SUBMISSIONS = UUID.fromString("ddc77f14-73ae-5388-985c-496c8d7e1bd0");

    private final JdbcClient jdbc;
    private final Membership membership;
    private final ObjectMapper json;
    private final Clock clock;

    Sightings(JdbcClient jdbc, Membership membership, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.membership = membership;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The sightings of one indicator.
     *
     * @param indicator the indicator's STIX id
     * @param description its name, else its pattern, if the authority shared it; else {@code null}
     * @param sightings how many sightings were reported
     * @param matches how many times it was seen, over all sightings ({@code count})
     * @param named the organisations that reported it and agreed to be named to the authority
     * @param anonymous how many organisations reported it anonymously
     */
    record ByIndicator(String indicator, String description, long sightings, long matches, List<String> named,
            int anonymous, OffsetDateTime firstSeen, OffsetDateTime lastSeen) {}

    /**
     * The sightings in one sector; an organisation of several sectors counts in each.
     *
     * @param named how many organisations reported named
     * @param anonymous how many reported anonymously
     */
    record BySector(String sector, String title, long sightings, long matches, int named, int anonymous) {}

    /** The sightings last seen on one day (UTC). */
    record ByDay(LocalDate day, long sightings, long matches) {}

    /** The overview of the sightings last seen in the {@code days} days up to {@code to}. */
    record Overview(int days, LocalDate from, LocalDate to, long sightings, long matches, int named, int anonymous,
            List<ByIndicator> indicators, List<BySector> sectors, List<ByDay> timeline) {}

    private record Row(String indicator, long count, OffsetDateTime first, OffsetDateTime last, UUID organisation,
            Attribution attribution) {}

    /**
     * The overview for a person of the authority.
     *
     * @param days how many days back, counting today (UTC)
     * @throws IllegalStateException if the person is not of the authority
     */
    @Transactional(readOnly = true)
    public Overview overview(Person staff, int days) {
        if (!membership.organisation(staff.organisationId()).map(Organisation::authority).orElse(false)) {
            throw new IllegalStateException("only the authority sees the sightings");
        }
        var to = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var from = to.minusDays(days - 1L);
        var rows = jdbc.sql("""
                SELECT g.sighting_of_ref, g.sighting_count, g.first_seen, g.last_seen, s.owner_organisation, s.attribution
                FROM sighting g JOIN stix_object s ON s.seq = g.object_seq
                WHERE s.collection_id = :submissions AND s.latest = TRUE AND g.last_seen >= :since""" + IntelStore.AND_VISIBLE + """
                ORDER BY g.object_seq""")
                .param("submissions", SUBMISSIONS)
                .param("since", from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, UUID.class),
                        Attribution.valueOf(rs.getString(6))))
                .list();

        var organisations = new HashMap<UUID, Organisation>();
        for (var row : rows) {
            organisations.computeIfAbsent(row.organisation(), id -> membership.organisation(id).orElseThrow());
        }
        var sectorSizes = new HashMap<String, Integer>();
        for (var o : membership.organisations(OrganisationStatus.APPROVED)) {
            if (!o.authority()) {
                o.sectors().forEach(s -> sectorSizes.merge(s, 1, Integer::sum));
            }
        }

        var byIndicator = new LinkedHashMap<String, IndicatorTally>();
        var bySector = new LinkedHashMap<String, SectorTally>();
        var byDay = new LinkedHashMap<LocalDate, long[]>();
        for (var d = from; !d.isAfter(to); d = d.plusDays(1)) {
            byDay.put(d, new long[2]);
        }
        long matches = 0;
        for (var row : rows) {
            matches += row.count();
            var organisation = organisations.get(row.organisation());
            byIndicator.computeIfAbsent(row.indicator(), IndicatorTally::new).add(row, organisation);
            var sectors = new TreeSet<String>();
            for (var sector : organisation.sectors()) {
                boolean shown = row.attribution() != Attribution.NONE
                        || sectorSizes.getOrDefault(sector, 0) >= ANONYMITY_SECTOR_SIZE;
                sectors.add(shown ? sector : WITHHELD);
            }
            if (sectors.isEmpty()) {
                sectors.add(WITHHELD);
            }
            for (var sector : sectors) {
                bySector.computeIfAbsent(sector, SectorTally::new).add(row);
            }
            var day = byDay.get(row.last().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
            if (day != null) {
                day[0]++;
                day[1] += row.count();
            }
        }

        var titles = new HashMap<String, String>();
        membership.sectors().forEach(s -> titles.put(s.slug(), s.name()));
        var descriptions = describe(byIndicator.keySet());
        var indicators = byIndicator.values().stream()
                .map(t -> new ByIndicator(t.indicator, descriptions.get(t.indicator), t.sightings, t.matches,
                        List.copyOf(new TreeSet<>(t.named.values())), t.anonymous.size(), t.first, t.last))
                .sorted(Comparator.comparingLong(ByIndicator::matches).reversed().thenComparing(ByIndicator::indicator))
                .toList();
        var sectors = bySector.values().stream()
                .map(t -> new BySector(t.sector, titles.getOrDefault(t.sector, t.sector), t.sightings, t.matches,
                        t.named.size(), t.anonymous.size()))
                .sorted(Comparator.comparingLong(BySector::matches).reversed().thenComparing(BySector::title))
                .toList();
        var timeline = byDay.entrySet().stream().map(e -> new ByDay(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        var named = new HashSet<UUID>();
        var anonymous = new HashSet<UUID>();
        rows.forEach(r -> (r.attribution() == Attribution.NONE ? anonymous : named).add(r.organisation()));
        return new Overview(days, from, to, rows.size(), matches, named.size(), anonymous.size(), indicators, sectors,
                timeline);
    }

    /** The name, else the pattern, of each indicator the authority shared (in a collection of all members or of a sector). */
    private Map<String, String> describe(Set<String> ids) {
        var descriptions = new HashMap<String, String>();
        var list = new ArrayList<>(ids);
        for (int from = 0; from < list.size(); from += 500) {
            var slice = list.subList(from, Math.min(list.size(), from + 500));
            jdbc.sql("""
                    SELECT s.object_id, s.body FROM stix_object s JOIN intel_collection c ON c.id = s.collection_id
                    WHERE s.object_key IN (:keys) AND s.object_id IN (:ids) AND s.latest = TRUE
                      AND c.kind IN ('ALL_MEMBERS', 'SECTOR')""" + IntelStore.AND_VISIBLE)
                    .param("keys", slice.stream().map(StixKeys::object).toList()).param("ids", slice)
                    .query(rs -> {
                        var object = json.readTree(IntelStore.json(rs, 2));
                        var text = object.path("name").isString() ? object.path("name").asString()
                                : object.path("pattern").asString("");
                        descriptions.putIfAbsent(rs.getString(1), text.length() > 200 ? text.substring(0, 200) + "…" : text);
                    });
        }
        return descriptions;
    }

    private static final class IndicatorTally {
        final String indicator;
        long sightings;
        long matches;
        final Map<UUID, String> named = new HashMap<>();
        final Set<UUID> anonymous = new HashSet<>();
        OffsetDateTime first;
        OffsetDateTime last;

        IndicatorTally(String indicator) {
            this.indicator = indicator;
        }

        void add(Row row, Organisation organisation) {
            sightings++;
            matches += row.count();
            if (row.attribution() == Attribution.NONE) {
                anonymous.add(row.organisation());
            } else {
                named.put(row.organisation(), organisation.name());
            }
            first = first == null || row.first().isBefore(first) ? row.first() : first;
            last = last == null || row.last().isAfter(last) ? row.last() : last;
        }
    }

    private static final class SectorTally {
        final String sector;
        long sightings;
        long matches;
        final Set<UUID> named = new HashSet<>();
        final Set<UUID> anonymous = new HashSet<>();

        SectorTally(String sector) {
            this.sector = sector;
        }

        void add(Row row) {
            sightings++;
            matches += row.count();
            (row.attribution() == Attribution.NONE ? anonymous : named).add(row.organisation());
        }
    }
}
