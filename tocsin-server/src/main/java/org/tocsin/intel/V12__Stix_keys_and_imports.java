package org.tocsin.intel;

import java.sql.Connection;
import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Schema version 12, in Java because the keys it adds are computed here ({@link StixKeys}): the
 * store looks objects up by a 64-bit key of their id and observables by a key of their value,
 * instead of by the wide text indexes V4 made; and an import under way is recorded in
 * {@code stix_import}, so that it can commit a batch at a time while readers see none of it until
 * it is complete (see {@link IntelStore}). Runs on H2 and PostgreSQL alike; Flyway finds it as a
 * bean.
 */
@Component
class V12__Stix_keys_and_imports extends BaseJavaMigration {

    /** Objects keyed at a time. */
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        var connection = context.getConnection();
        execute(connection, "ALTER TABLE stix_object ADD COLUMN object_key BIGINT");
        execute(connection, "ALTER TABLE stix_observable ADD COLUMN observable_key BIGINT");
        fill(connection);
        execute(connection, "ALTER TABLE stix_object ALTER COLUMN object_key SET NOT NULL");
        execute(connection, "ALTER TABLE stix_observable ALTER COLUMN observable_key SET NOT NULL");
        // A version is stored once per collection because writers to a collection take turns and
        // look first (IntelStore.Writer); the wide unique index that also said so cost every
        // insert a lookup and a write in a second tree of 100-byte keys.
        execute(connection, "ALTER TABLE stix_object DROP CONSTRAINT stix_object_version_uq");
        execute(connection, "CREATE INDEX stix_object_key_ix ON stix_object (object_key)");
        // The organisation and person an object is stored for are always the writer's own, taken
        // from their session (IntelStore), and neither is ever deleted. As foreign keys they cost
        // every insert a check, and on H2 an index each that every import kept up to date.
        dropForeignKey(connection, "stix_object", "owner_organisation");
        dropForeignKey(connection, "stix_object", "submitted_by");
        execute(connection, "DROP INDEX stix_observable_value_ix");
        execute(connection, "CREATE INDEX stix_observable_key_ix ON stix_observable (observable_key)");
        // An import under way into a collection: its rows, from first_seq on, are not there yet for
        // readers. At most one per collection, as writers to a collection take turns.
        execute(connection, """
                CREATE TABLE stix_import (
                    collection_id UUID PRIMARY KEY,
                    first_seq BIGINT NOT NULL,
                    started_at TIMESTAMP WITH TIME ZONE NOT NULL
                )""");
        // Versions already visible that the import supersedes: marked so when it is published.
        execute(connection, """
                CREATE TABLE stix_import_superseded (
                    collection_id UUID NOT NULL REFERENCES stix_import (collection_id) ON DELETE CASCADE,
                    object_key BIGINT NOT NULL,
                    object_id VARCHAR(300) NOT NULL,
                    newest_version VARCHAR(40) NOT NULL
                )""");
        execute(connection, "CREATE INDEX stix_import_superseded_ix ON stix_import_superseded (collection_id)");
    }

    /** Drops the foreign key on one column, by the name the database gave it (V4 named none). */
    private static void dropForeignKey(Connection connection, String table, String column) throws SQLException {
        var names = new java.util.ArrayList<String>();
        try (var statement = connection.prepareStatement("""
                SELECT tc.constraint_name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema
                                                           AND k.constraint_name = tc.constraint_name
                WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = CURRENT_SCHEMA
                  AND LOWER(tc.table_name) = ? AND LOWER(k.column_name) = ?""")) {
            statement.setString(1, table);
            statement.setString(2, column);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("expected one foreign key on " + table + "." + column + ", found " + names);
        }
        execute(connection, "ALTER TABLE " + table + " DROP CONSTRAINT \"" + names.get(0) + "\"");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Computes the key of every stored object and observable, a range of objects at a time. */
    private static void fill(Connection connection) throws SQLException {
        try (var objects = connection.prepareStatement(
                     "SELECT seq, object_id FROM stix_object WHERE seq > ? ORDER BY seq FETCH FIRST " + BATCH + " ROWS ONLY");
             var observables = connection.prepareStatement(
                     "SELECT object_seq, kind, observable_value FROM stix_observable WHERE object_seq > ? AND object_seq <= ?");
             var objectKey = connection.prepareStatement("UPDATE stix_object SET object_key = ? WHERE seq = ?");
             var observableKey = connection.prepareStatement(
                     "UPDATE stix_observable SET observable_key = ? WHERE object_seq = ? AND kind = ? AND observable_value = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                objects.setLong(1, after);
                long first = after;
                try (var rows = objects.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        objectKey.setLong(1, StixKeys.object(rows.getString(2)));
                        objectKey.setLong(2, after);
                        objectKey.addBatch();
                    }
                }
                if (after == first) {
                    return;
                }
                objectKey.executeBatch();
                observables.setLong(1, first);
                observables.setLong(2, after);
                try (var rows = observables.executeQuery()) {
                    while (rows.next()) {
                        observableKey.setLong(1, StixKeys.observable(rows.getString(2), rows.getString(3)));
                        observableKey.setLong(2, rows.getLong(1));
                        observableKey.setString(3, rows.getString(2));
                        observableKey.setString(4, rows.getString(3));
                        observableKey.addBatch();
                    }
                }
                observableKey.executeBatch();
            }
        }
    }
}
