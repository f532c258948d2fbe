package org.tocsin.advisory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.StixId;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.json.StixJson;

/**
 * The machine side of an advisory: the STIX indicators its technical annex refers to, exported
 * as a STIX 2.1 {@code report}. The report carries facts only (title, label, publication time,
 * indicator ids), so it is byte for byte the same for every reader; per-reader wording stays in
 * the prose copies. TLP:RED advisories are never exported.
 */
@Service
public class AdvisoryReports {

    private final Advisories advisories;
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    AdvisoryReports(Advisories advisories, JdbcClient jdbc, AuditTrail audit) {
        this.advisories = advisories;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Sets the indicators of a draft (the author's, before review). */
    @Transactional
    public List<String> link(Person author, UUID advisoryId, List<String> indicatorIds) {
        var advisory = advisories.advisory(advisoryId).filter(a -> Advisories.isAuthorityStaff(author))
                .orElseThrow(() -> Refusal.notFound("Advisory"));
        if (!author.hasRole(Role.AUTHOR)) {
            throw Refusal.conflict("Only an author links indicators to an advisory");
        }
        if (advisory.status() != Status.DRAFT) {
            throw Refusal.conflict("Indicators are linked while the advisory is a draft; its status is " + advisory.status());
        }
        if (indicatorIds == null || indicatorIds.size() > 10_000) {
            throw Refusal.invalid("indicators", "Send a list of at most 10,000 indicator ids");
        }
        var ids = new LinkedHashSet<String>();
        for (int i = 0; i < indicatorIds.size(); i++) {
            var value = String.valueOf(indicatorIds.get(i)).strip();
            if (!StixId.parse(value).map(StixId::type).filter("indicator"::equals).isPresent()) {
                throw Refusal.invalid("indicators[" + i + "]", "Expected an indicator id like indicator--<UUID>");
            }
            ids.add(value);
        }
        jdbc.sql("DELETE FROM advisory_indicator WHERE advisory_id = :id").param("id", advisoryId).update();
        for (var id : ids) {
            jdbc.sql("INSERT INTO advisory_indicator (advisory_id, indicator_id) VALUES (:a, :i)")
                    .param("a", advisoryId).param("i", id).update();
        }
        audit.record(author.username(), "advisory.indicators-linked", "advisory:" + advisoryId, Outcome.SUCCESS,
                ids.size() + " indicators");
        return List.copyOf(ids);
    }

    /**
     * The STIX report of the published version, for its recipients and the authority's staff; 404
     * for everyone else, and for TLP:RED advisories or ones without indicators.
     */
    @Transactional(readOnly = true)
    public String report(Person reader, UUID advisoryId) {
        Advisory published;
        if (Advisories.isAuthorityStaff(reader)) {
            published = advisories.advisory(advisoryId)
                    .filter(a -> a.publishedVersion() != null && a.version() == a.publishedVersion())
                    .orElseThrow(() -> Refusal.notFound("Report"));
        } else {
            published = advisories.copiesOf(reader).stream().map(Copy::advisory).filter(a -> a.id().equals(advisoryId))
                    .findFirst().orElseThrow(() -> Refusal.notFound("Report"));
        }
        if (published.tlp() == Tlp.RED || published.status() == Status.WITHDRAWN) {
            throw Refusal.notFound("Report");
        }
        var indicators = jdbc.sql("SELECT indicator_id FROM advisory_indicator WHERE advisory_id = :id ORDER BY indicator_id")
                .param("id", advisoryId).query(String.class).list();
        if (indicators.isEmpty()) {
            throw Refusal.notFound("Report");
        }
        var when = published.publishedAt().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var report = StixObject.builder("report")
                .id("report--" + UUID.nameUUIDFromBytes((advisoryId + ":" + published.publishedVersion())
                        .getBytes(StandardCharsets.UTF_8)))
                .created(when).modified(when)
                .put("name", published.title())
                .put("published", when)
                .put("report_types", List.of("threat-report"))
                .put("object_refs", new ArrayList<>(indicators))
                .objectMarkingRefs(List.of(published.tlp().markingDefinitionId()))
                .build();
        return StixJson.write(report);
    }
}
