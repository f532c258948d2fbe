package org.tocsin.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A lease on a named piece of scheduled work, held in the database so that only one of several
 * server instances runs it at a time. A lease expires by itself, so an instance that dies while
 * holding one blocks the work for at most the lease's length.
 */
@Service
public class ClusterLock {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final String instance = "instance-" + UUID.randomUUID();

    ClusterLock(JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Runs {@code work} if no other instance holds the lease named {@code name}; otherwise does nothing.
     *
     * @return whether the work ran here
     */
    public boolean runExclusively(String name, Duration lease, Runnable work) {
        if (!acquire(name, lease)) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            release(name);
        }
    }

    boolean acquire(String name, Duration lease) {
        var now = now();
        var until = now.plus(lease);
        Boolean taken = tx.execute(status -> jdbc.sql("""
                UPDATE cluster_lock SET locked_until = :until, locked_by = :me
                WHERE name = :name AND locked_until <= :now""")
                .param("until", until).param("me", instance).param("name", name).param("now", now)
                .update() == 1);
        if (Boolean.TRUE.equals(taken)) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(tx.execute(status -> jdbc.sql(
                    "INSERT INTO cluster_lock (name, locked_until, locked_by) VALUES (:name, :until, :me)")
                    .param("name", name).param("until", until).param("me", instance).update() == 1));
        } catch (DuplicateKeyException heldElsewhere) {
            return false;
        }
    }

    void release(String name) {
        tx.executeWithoutResult(status -> jdbc.sql(
                "UPDATE cluster_lock SET locked_until = :now WHERE name = :name AND locked_by = :me")
                .param("now", now()).param("name", name).param("me", instance).update());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
