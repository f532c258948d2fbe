package org.tocsin.intel;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import org.postgresql.PGConnection;

/**
 * Writes an import's rows with PostgreSQL's {@code COPY ... FROM STDIN} (text format), which
 * PostgreSQL stores faster than a batch of {@code INSERT}s: used on PostgreSQL only, inside the
 * import's transaction, so it is as atomic as the inserts it replaces and every constraint, index
 * and foreign key is checked as before. COPY cannot return generated keys, so the sequence numbers
 * are taken from the column's own sequence first, in one statement, and written explicitly.
 */
final class PostgresCopy {

    /** Every field written out: {@code OffsetDateTime.toString()} leaves out zero seconds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private final Connection connection;
    private final StringBuilder rows = new StringBuilder(1 << 20);
    private boolean firstValue;

    PostgresCopy(Connection connection) {
        this.connection = connection;
    }

    /** {@code count} new sequence numbers of {@code stix_object.seq}, ascending. */
    long[] sequenceNumbers(int count) throws SQLException {
        var seqs = new long[count];
        try (var statement = connection.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence('stix_object', 'seq')) FROM generate_series(1, ?)")) {
            statement.setInt(1, count);
            try (var result = statement.executeQuery()) {
                int n = 0;
                while (result.next()) {
                    seqs[n++] = result.getLong(1);
                }
                if (n != count) {
                    throw new IllegalStateException("the database gave " + n + " sequence numbers for " + count + " rows");
                }
            }
        }
        Arrays.sort(seqs);
        return seqs;
    }

    /** Starts a row. */
    PostgresCopy row() {
        firstValue = true;
        return this;
    }

    /** Adds a value to the current row; null is SQL NULL. */
    PostgresCopy value(Object value) {
        if (!firstValue) {
            rows.append('\t');
        }
        firstValue = false;
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        var text = value instanceof Boolean b ? (b ? "t" : "f")
                : value instanceof OffsetDateTime time ? TIMESTAMP.format(time) : value.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        return this;
    }

    /** Ends the current row. */
    void end() {
        rows.append('\n');
    }

    /** Copies the rows added since the last call into the table's columns, and answers how many. */
    long copy(String tableAndColumns) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + tableAndColumns + " FROM STDIN", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY " + tableAndColumns + " failed", e);
        } finally {
            rows.setLength(0);
        }
    }
}
