package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.tocsin.TestDatabase;

/**
 * V12 and V13 on a database that already holds intelligence, as an upgrade meets them: every
 * stored object and observable gets its key, the wide indexes and the two foreign keys go, what was
 * stored is found by its new keys, and its JSON reads as it was (on H2 now kept as bytes).
 */
class StixKeysMigrationTests {

    @Test
    void anUpgradeKeysWhatIsAlreadyStored() {
        var dataSource = TestDatabase.usePostgres()
                ? new SingleConnectionDataSource(TestDatabase.freshPostgresDatabase(), "postgres", "", true)
                : new SingleConnectionDataSource("jdbc:h2:file:./target/v12-" + UUID.randomUUID() + "/tocsin", "tocsin", "", true);
        flyway(dataSource, "11").migrate();
        var jdbc = JdbcClient.create(dataSource);
        var organisation = UUID.randomUUID();
        var person = UUID.randomUUID();
        var collection = UUID.fromString("74ce0c4e-ac35-5534-9d86-f9a96ba4ec84"); // banking, from V4
        jdbc.sql("""
                INSERT INTO organisation (id, name, status, is_authority, applied_at)
                VALUES (:id, 'Upgraded Bank', 'APPROVED', FALSE, CURRENT_TIMESTAMP)""").param("id", organisation).update();
        jdbc.sql("""
                INSERT INTO person (id, organisation_id, username, display_name, status, created_at, last_active_at)
                VALUES (:id, :o, 'lead@upgraded.example', 'Lead', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("id", person).param("o", organisation).update();
        for (int i = 0; i < 2_500; i++) { // more than one batch of the migration
            var objectId = "indicator--" + new UUID(0, i);
            jdbc.sql("""
                    INSERT INTO stix_object (collection_id, object_id, object_type, version, own_version, spec_version, tlp,
                                             owner_organisation, submitted_by, date_added, attribution, body, latest)
                    VALUES (:c, :id, 'indicator', '2026-11-01T10:00:00.000000000Z', '2026-11-01T10:00:00.000Z', '2.1',
                            'TLP:GREEN', :o, :p, CURRENT_TIMESTAMP, 'EVERYONE', :body, TRUE)""")
                    .param("body", "{\"name\": \"Zürich – " + i + "\"}")
                    .param("c", collection).param("id", objectId).param("o", organisation).param("p", person).update();
            long seq = jdbc.sql("SELECT seq FROM stix_object WHERE object_id = :id").param("id", objectId).query(Long.class).single();
            jdbc.sql("INSERT INTO stix_observable (object_seq, kind, observable_value) VALUES (:s, 'DOMAIN', :v)")
                    .param("s", seq).param("v", "d" + i + ".example").update();
        }

        flyway(dataSource, "latest").migrate();

        var id = "indicator--" + new UUID(0, 1234);
        assertThat(jdbc.sql("SELECT object_id FROM stix_object WHERE object_key = :k").param("k", StixKeys.object(id))
                .query(String.class).list()).containsExactly(id);
        assertThat(jdbc.sql("""
                SELECT s.object_id FROM stix_observable o JOIN stix_object s ON s.seq = o.object_seq
                WHERE o.observable_key = :k""").param("k", StixKeys.observable("DOMAIN", "d1234.example"))
                .query(String.class).list()).containsExactly(id);
        assertThat(jdbc.sql("SELECT body FROM stix_object WHERE object_id = :id").param("id", id)
                .query((rs, n) -> IntelStore.json(rs, 1)).single()).as("the JSON as it was, in bytes on H2 (V13)")
                .isEqualTo("{\"name\": \"Zürich – 1234\"}");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_object WHERE object_key IS NULL").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_observable WHERE observable_key IS NULL").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM information_schema.table_constraints
                WHERE LOWER(table_name) = 'stix_object' AND constraint_type IN ('FOREIGN KEY', 'UNIQUE')""")
                .query(Long.class).single()).as("no unique index and no foreign keys left on stix_object").isZero();
    }

    private static Flyway flyway(javax.sql.DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new V12__Stix_keys_and_imports(), new V13__Stix_bodies_as_bytes_on_h2()).target(target).load();
    }
}
