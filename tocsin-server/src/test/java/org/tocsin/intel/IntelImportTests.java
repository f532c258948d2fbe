package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.IntFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.TestDatabase;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.json.BundleReader;
import org.tocsin.stix.pattern.Observable;

/**
 * Streaming import of whole bundles: all or nothing for readers (committed a batch at a time, seen
 * only when complete), idempotent, and an explicit, audited TLP for objects that carry none. Each test imports into an organisation's own
 * collection, made for it, so that counts are its own. (How fast, and in how little memory, is
 * shown by the benchmark in bench/, not here.)
 */
@TocsinTest
class IntelImportTests {

    static final String GREEN = Tlp.GREEN.markingDefinitionId();

    @Autowired
    IntelStore store;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    Person lead;
    IntelCollection own;

    @BeforeEach
    void anOrganisationWithItsOwnCollection() {
        var organisation = accounts.organisation("water");
        lead = accounts.member(organisation, Role.SECURITY_LEAD).person();
        own = store.collection(lead, organisation.id()).orElseThrow();
    }

    @Test
    void aBadObjectAtPosition10000Of20000StoresNothingAndIsNamed() {
        var uuids = uuids(20_000);
        var bad = "indicator--" + uuids[9_999];

        var summary = store.addAll(lead, own, bundle(20_000, i -> i == 9_999
                ? indicator(uuids[i], "[domain-name:value = 'broken.example'", GREEN)
                : indicator(uuids[i], "[domain-name:value = 'd" + i + ".example']", GREEN)), Attribution.EVERYONE);

        assertThat(summary.stored()).isFalse();
        assertThat(summary.read()).isEqualTo(20_000);
        assertThat(summary.refused()).isEqualTo(1);
        assertThat(summary.added()).isZero();
        assertThat(summary.problems()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(bad);
            assertThat(p.message()).contains("'pattern'");
        });
        assertThat(stored()).as("the 9,999 objects before it, written in batches, were rolled back").isZero();
        assertThat(lastAudit()).contains("intel.refused").contains(bad);
    }

    @Test
    void readersSeeNothingOfAnImportUntilItIsCompleteAndThenAllOfIt() throws Exception {
        var uuids = uuids(3_000);
        var changed = "indicator--" + uuids[0];
        store.addAll(lead, own, bundle(1, i -> indicator(uuids[0], "[domain-name:value = 'before.example']", GREEN)),
                Attribution.EVERYONE);
        // The import brings a newer version of that indicator and 2,999 new ones, and stops after
        // 2,000 objects until the test lets it go on: its first two batches are written by then
        // (on H2 committed, each on its own; on PostgreSQL within the import's one transaction).
        var objects = bundle(3_000, i -> indicator(uuids[i], "[domain-name:value = 'd" + i + ".example']", GREEN)
                .replace("\"modified\":\"2026-11-01T10:00:00.000Z\"", "\"modified\":\"2026-11-02T10:00:00.000Z\""));
        var goOn = new java.util.concurrent.CountDownLatch(1);
        var stopped = new java.util.concurrent.CountDownLatch(1);
        var paused = new java.util.Iterator<org.tocsin.stix.StixObject>() {
            int given;

            @Override
            public boolean hasNext() {
                if (given == 2_000) {
                    stopped.countDown();
                    try {
                        goOn.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return objects.hasNext();
            }

            @Override
            public org.tocsin.stix.StixObject next() {
                given++;
                return objects.next();
            }
        };
        var importing = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var summary = importing.submit(() -> store.addAll(lead, own, paused, Attribution.EVERYONE));
            assertThat(stopped.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            if (TestDatabase.usePostgres()) {
                Thread.sleep(1_000); // for the writer to write what it was handed; nothing shows it outside its transaction
            } else {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (stored() < 2_001 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(stored()).as("two batches of the import are committed").isEqualTo(2_001);
            }

            assertThat(page()).as("but readers see only what was there before").singleElement()
                    .satisfies(o -> assertThat(o.json()).contains("before.example"));
            assertThat(last(changed)).contains("before.example");
            assertThat(store.indicatorsFor(lead, Observable.Kind.DOMAIN, "d7.example")).isEmpty();
            assertThat(store.search(lead, own, "d7.example", 10)).isEmpty();

            goOn.countDown();
            assertThat(summary.get(60, java.util.concurrent.TimeUnit.SECONDS).added()).isEqualTo(3_000);
        } finally {
            goOn.countDown();
            importing.shutdownNow();
        }
        assertThat(page()).as("the whole import at once").hasSize(1_000);
        assertThat(last(changed)).as("the newer version is the one served now").contains("d0.example")
                .doesNotContain("before.example");
        assertThat(store.indicatorsFor(lead, Observable.Kind.DOMAIN, "d7.example")).containsExactly("indicator--" + uuids[7]);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_import").query(Long.class).single()).isZero();
    }

    @Test
    void anImportLeftUnfinishedByADeadProcessIsNeverSeenAndTheNextWriterWithdrawsIt() {
        leaveAnUnfinishedImport(uuids(3), "left");

        assertThat(page()).isEmpty();
        assertThat(store.indicatorsFor(lead, Observable.Kind.DOMAIN, "left1.example")).isEmpty();

        var next = UUID.randomUUID();
        var summary = store.addAll(lead, own, bundle(1, i -> indicator(next, "[domain-name:value = 'next.example']", GREEN)),
                Attribution.EVERYONE);

        assertThat(summary.added()).isEqualTo(1);
        assertThat(stored()).as("the unfinished import's rows are gone").isEqualTo(1);
        assertThat(page()).singleElement().satisfies(o -> assertThat(o.json()).contains("next.example"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_import").query(Long.class).single()).isZero();
    }

    @Test
    void anImportLeftUnfinishedByADeadProcessIsWithdrawnWhenTheServerStartsAgain() {
        var uuids = uuids(3);
        leaveAnUnfinishedImport(uuids, "crash");

        store.withdrawAbandonedImports(); // what the server does once it has started

        assertThat(stored()).as("the unfinished import's rows are gone, with nobody writing").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_import").query(Long.class).single()).isZero();
        var again = store.addAll(lead, own, bundle(3, i -> indicator(uuids[i], "[domain-name:value = 'crash" + i + ".example']", GREEN)),
                Attribution.EVERYONE);
        assertThat(again.added()).as("sent again, it is stored anew").isEqualTo(3);
        assertThat(page()).hasSize(3);
    }

    @Test
    void importingTheSameBundleTwiceChangesNothing() {
        var uuids = uuids(2_500);
        IntFunction<String> object = i -> indicator(uuids[i], "[ipv4-addr:value = '198.51.100." + (i % 250) + "']", GREEN);

        var first = store.addAll(lead, own, bundle(2_500, object), Attribution.EVERYONE);
        var again = store.addAll(lead, own, bundle(2_500, object), Attribution.EVERYONE);

        assertThat(first.stored()).isTrue();
        assertThat(first.added()).isEqualTo(2_500);
        assertThat(again.stored()).isTrue();
        assertThat(again.added()).isZero();
        assertThat(again.unchanged()).isEqualTo(2_500);
        assertThat(stored()).isEqualTo(2_500);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_observable o JOIN stix_object s ON s.seq = o.object_seq WHERE s.collection_id = :c")
                .param("c", own.id()).query(Long.class).single()).as("indexed once").isEqualTo(2_500);
        assertThat(store.indicatorsFor(lead, Observable.Kind.IPV4, "198.51.100.7")).contains("indicator--" + uuids[7]);
    }

    @Test
    void aNewerVersionInALaterImportBecomesTheOneServedByDefault() {
        var uuid = UUID.randomUUID();
        store.addAll(lead, own, bundle(1, i -> indicator(uuid, "[domain-name:value = 'old.example']", GREEN)), Attribution.EVERYONE);
        store.addAll(lead, own, bundle(1, i -> indicator(uuid, "[domain-name:value = 'new.example']", GREEN)
                .replace("\"modified\":\"2026-11-01T10:00:00.000Z\"", "\"modified\":\"2026-11-02T10:00:00.000Z\"")),
                Attribution.EVERYONE);

        var last = store.objects(lead, own, new ObjectQuery(null, java.util.List.of("indicator--" + uuid), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), 10, 0));
        assertThat(last.objects()).singleElement().satisfies(o -> {
            assertThat(o.json()).contains("new.example");
            assertThat(o.version()).isEqualTo("2026-11-02T10:00:00.000Z");
        });
    }

    @Test
    void deletingTheLatestVersionServesThePreviousOneAgain() {
        var uuid = UUID.randomUUID();
        IntFunction<String> both = i -> indicator(uuid, "[domain-name:value = 'v" + i + ".example']", GREEN)
                .replace("\"modified\":\"2026-11-01T10:00:00.000Z\"", "\"modified\":\"2026-11-0" + (i + 1) + "T10:00:00.000Z\"");
        store.addAll(lead, own, bundle(2, both), Attribution.EVERYONE);
        var id = "indicator--" + uuid;
        assertThat(last(id)).contains("v1.example");

        assertThat(store.delete(lead, own, id, java.util.List.of("2026-11-02T10:00:00.000Z"))).isEqualTo(1);

        assertThat(last(id)).contains("v0.example");
    }

    @Test
    void unmarkedObjectsAreRefusedUnlessTheImporterChoosesTheirTlp() {
        var uuids = uuids(3);
        IntFunction<String> unmarked = i -> indicator(uuids[i], "[domain-name:value = 'u" + i + ".example']", null);

        var refused = store.addAll(lead, own, bundle(3, unmarked), Attribution.EVERYONE);
        assertThat(refused.stored()).isFalse();
        assertThat(refused.problems().get(0).message()).contains("no TLP marking");

        var marked = store.addAll(lead, own, bundle(3, unmarked), Attribution.EVERYONE, Tlp.AMBER);
        assertThat(marked.stored()).isTrue();
        assertThat(marked.marked()).isEqualTo(3);
        var served = store.objects(lead, own, ObjectQuery.all()).objects();
        assertThat(served).hasSize(3).allSatisfy(o -> {
            assertThat(o.tlp()).isEqualTo("TLP:AMBER");
            assertThat(o.json()).contains(Tlp.AMBER.markingDefinitionId());
        });
        assertThat(lastAudit()).contains("intel.imported").contains("3 objects without a TLP marking marked TLP:AMBER");
        assertThatThrownBy(() -> store.addAll(lead, own, bundle(1, unmarked), Attribution.EVERYONE, Tlp.RED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLP:RED");
    }

    @Test
    void aBundleThatBreaksOffStoresNothingAndSaysWhere() {
        var uuids = uuids(1_500);
        var text = new String(bundleBytes(1_500, i -> indicator(uuids[i], "[domain-name:value = 'b" + i + ".example']", GREEN)),
                StandardCharsets.UTF_8);
        var broken = text.substring(0, text.length() - 40);

        var summary = store.addAll(lead, own, BundleReader.open(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8))),
                Attribution.EVERYONE);

        assertThat(summary.stored()).isFalse();
        assertThat(summary.problems()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("bundle");
            assertThat(p.message()).contains("line");
        });
        assertThat(stored()).isZero();
    }

    @Test
    void onlyWritersImport() {
        var reader = accounts.member(accounts.organisation("water"), Role.EXECUTIVE).person();
        var allMembers = store.collection(reader, UUID.fromString("442e015a-12fc-5da5-b3b3-54ab911c8403")).orElseThrow();
        assertThatThrownBy(() -> store.addAll(reader, allMembers, bundle(1, i -> indicator(UUID.randomUUID(),
                "[domain-name:value = 'x.example']", GREEN)), Attribution.EVERYONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textThatNeedsEscapingIsStoredAndServedExactly() {
        // On PostgreSQL imports are written with COPY, whose text format has escapes of its own.
        var uuid = UUID.randomUUID();
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        var object = mapper.createObjectNode().put("type", "indicator").put("spec_version", "2.1")
                .put("id", "indicator--" + uuid).put("created", "2026-11-01T10:00:00.000Z")
                .put("modified", "2026-11-01T10:00:00.000Z")
                .put("description", "tab\there, new\nline, return\r, back\\slash, \\N, \\t, café, 🚀, \u0001")
                .put("pattern", "[url:value = 'http://x.example/a\\\\b']").put("pattern_type", "stix")
                .put("valid_from", "2026-11-01T10:00:00Z");
        object.putArray("object_marking_refs").add(GREEN);

        var summary = store.addAll(lead, own, bundle(1, i -> mapper.writeValueAsString(object)), Attribution.EVERYONE);

        assertThat(summary.added()).isEqualTo(1);
        var served = mapper.readTree(last("indicator--" + uuid));
        assertThat(served.path("description").asString()).isEqualTo(object.path("description").asString());
        assertThat(served.path("pattern").asString()).isEqualTo(object.path("pattern").asString());
        assertThat(store.indicatorsFor(lead, Observable.Kind.URL, "http://x.example/a\\b")).containsExactly("indicator--" + uuid);
    }

    // ----- helpers -----

    private String last(String id) {
        return store.objects(lead, own, new ObjectQuery(null, java.util.List.of(id), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), 10, 0)).objects().stream().map(StoredObject::json).reduce("", String::concat);
    }

    private java.util.List<StoredObject> page() {
        return store.objects(lead, own, new ObjectQuery(null, java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), 1_000, 0)).objects();
    }

    private long stored() {
        return jdbc.sql("SELECT COUNT(*) FROM stix_object WHERE collection_id = :c").param("c", own.id()).query(Long.class).single();
    }

    private String lastAudit() {
        return jdbc.sql("SELECT action || ' ' || detail FROM audit_entry WHERE actor = :actor ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")
                .param("actor", lead.username()).query(String.class).single();
    }

    private static UUID[] uuids(int n) {
        var uuids = new UUID[n];
        for (int i = 0; i < n; i++) {
            uuids[i] = UUID.randomUUID();
        }
        return uuids;
    }

    private static BundleReader bundle(int n, IntFunction<String> object) {
        return BundleReader.open(new ByteArrayInputStream(bundleBytes(n, object)));
    }

    /**
     * What a process killed in the middle of an import leaves: its committed rows (three domain
     * indicators, {@code prefix0.example} to {@code prefix2.example}), and the record that they are
     * not there yet, with nobody holding the collection's turn.
     */
    private void leaveAnUnfinishedImport(UUID[] uuids, String prefix) {
        store.addAll(lead, own, bundle(3, i -> indicator(uuids[i], "[domain-name:value = '" + prefix + i + ".example']", GREEN)),
                Attribution.EVERYONE);
        jdbc.sql("""
                INSERT INTO stix_import (collection_id, first_seq, started_at)
                SELECT collection_id, MIN(seq), CURRENT_TIMESTAMP FROM stix_object WHERE collection_id = :c GROUP BY collection_id""")
                .param("c", own.id()).update();
    }

    private static byte[] bundleBytes(int n, IntFunction<String> object) {
        var text = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--").append(UUID.randomUUID()).append("\",\"objects\":[");
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : ",\n").append(object.apply(i));
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String indicator(UUID uuid, String pattern, String marking) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-01T10:00:00.000Z",\
                "modified":"2026-11-01T10:00:00.000Z","pattern":"%s","pattern_type":"stix","valid_from":"2026-11-01T10:00:00Z"%s}"""
                .formatted(uuid, pattern, marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]");
    }
}
