package org.tocsin.intel;

import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Schema version 13: on H2, an object's JSON is kept as its UTF-8 bytes ({@code VARBINARY}), no
 * longer as text. H2 decodes every text value it reads from its file character by character into
 * a new string, and a TAXII page then encodes each one back into bytes: for a page of 1,000
 * objects that was a fifth of the work and half of the garbage (ADR 13). PostgreSQL sends text as
 * bytes already and keeps {@code body} as it is; readers take either form
 * ({@link IntelStore#json(java.sql.ResultSet, int)}). Flyway finds it as a bean.
 */
@Component
class V13__Stix_bodies_as_bytes_on_h2 extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        var connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (var statement = connection.createStatement()) {
            // V4 allowed 1,000,000 characters, which take at most 4,000,000 bytes.
            statement.execute("ALTER TABLE stix_object ADD COLUMN body_utf8 VARBINARY(4000000)");
            statement.execute("UPDATE stix_object SET body_utf8 = STRINGTOUTF8(body)");
            statement.execute("ALTER TABLE stix_object DROP COLUMN body");
            statement.execute("ALTER TABLE stix_object ALTER COLUMN body_utf8 RENAME TO body");
            statement.execute("ALTER TABLE stix_object ALTER COLUMN body SET NOT NULL");
        }
    }
}
