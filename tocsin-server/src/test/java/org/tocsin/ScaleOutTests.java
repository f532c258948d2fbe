package org.tocsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.cluster.ClusterLock;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

/**
 * Two server instances behind one load balancer share one PostgreSQL database and nothing else: a
 * session begun on one is honoured, and ended, on the other; scheduled work runs on one at a time;
 * the audit chain stays whole when both write to it. Always on the embedded PostgreSQL (the only
 * database several instances can share), so it runs once, in the H2 pass of the build.
 */
@Tag("h2-only")
class ScaleOutTests {

    private static final String SESSION = "__Host-SESSION";

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() {
        var database = TestDatabase.freshPostgresDatabase();
        first = start(database);
        second = start(database);
    }

    @AfterAll
    static void stopBoth() {
        for (var instance : new ConfigurableApplicationContext[] {second, first}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void servesASessionBegunOnOneInstanceFromTheOther() {
        var account = first.getBean(Accounts.class).member(first.getBean(Accounts.class).organisation("telecoms"), Role.EXECUTIVE);
        var one = new PortalClient(port(first));
        assertThat(one.signIn(account).location()).isEqualTo("/");
        var two = new PortalClient(port(second));

        two.setCookie(SESSION, one.cookie(SESSION));
        var home = two.get("/");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(account.person().displayName(), account.username());
    }

    @Test
    void completesTheSecondFactorOnTheOtherInstance() {
        var account = first.getBean(Accounts.class).member(first.getBean(Accounts.class).organisation("water"), Role.SECURITY_LEAD);
        var one = new PortalClient(port(first));
        assertThat(one.password(account.username(), account.password()).location()).isEqualTo("/sign-in/code");
        var two = new PortalClient(port(second));
        two.setCookie(SESSION, one.cookie(SESSION));

        assertThat(two.get("/sign-in/code").status()).isEqualTo(200);
        assertThat(two.post("/sign-in/code", Map.of("code", account.code(0))).location()).isEqualTo("/");

        // The id changed on the second instance; the first honours the new one and not the old.
        assertThat(two.cookie(SESSION)).isNotEqualTo(one.cookie(SESSION));
        assertThat(one.get("/").location()).isEqualTo("/sign-in");
        one.setCookie(SESSION, two.cookie(SESSION));
        assertThat(one.get("/").status()).isEqualTo(200);
    }

    @Test
    void signingOutOnOneInstanceEndsTheSessionOnTheOther() {
        var account = first.getBean(Accounts.class).member(first.getBean(Accounts.class).organisation("energy"), Role.EXECUTIVE);
        var one = new PortalClient(port(first));
        one.signIn(account);
        var two = new PortalClient(port(second));
        two.setCookie(SESSION, one.cookie(SESSION));
        assertThat(two.get("/").status()).isEqualTo(200);

        var signedOut = two.post("/sign-out", Map.of());

        assertThat(signedOut.location()).isEqualTo("/sign-in?signed-out");
        assertThat(one.get("/").location()).isEqualTo("/sign-in");
        assertThat(one.get("/organisation").location()).isEqualTo("/sign-in");
    }

    @Test
    void suspendingAPersonOnOneInstanceEndsTheirSessionOnTheOther() {
        var accounts = first.getBean(Accounts.class);
        var account = accounts.member(accounts.organisation("banking"), Role.EXECUTIVE);
        var two = new PortalClient(port(second));
        two.signIn(account);
        assertThat(two.get("/").status()).isEqualTo(200);

        first.getBean(Membership.class).suspendPerson(account.person().id(), "left");

        assertThat(two.get("/").location()).isEqualTo("/sign-in");
    }

    @Test
    void aClusterLockHeldByOneInstanceKeepsTheOtherFromTheSameWork() throws Exception {
        var lockOne = first.getBean(ClusterLock.class);
        var lockTwo = second.getBean(ClusterLock.class);
        var holding = new CountDownLatch(1);
        var letGo = new CountDownLatch(1);
        var pool = Executors.newSingleThreadExecutor();
        try {
            var heldByOne = pool.submit(() -> lockOne.runExclusively("scale-out-test", Duration.ofMinutes(5), () -> {
                holding.countDown();
                await(letGo);
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            var ranOnTwo = new AtomicBoolean();
            assertThat(lockTwo.runExclusively("scale-out-test", Duration.ofMinutes(5), () -> ranOnTwo.set(true))).isFalse();
            assertThat(ranOnTwo).isFalse();
            // Other work is not held up by it.
            assertThat(lockTwo.runExclusively("other-work", Duration.ofMinutes(5), () -> { })).isTrue();

            letGo.countDown();
            assertThat(heldByOne.get()).isTrue();
            assertThat(lockTwo.runExclusively("scale-out-test", Duration.ofMinutes(5), () -> ranOnTwo.set(true))).isTrue();
            assertThat(ranOnTwo).isTrue();
        } finally {
            letGo.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void neverRunsTheSameWorkOnBothInstancesAtOnce() throws Exception {
        var inside = new AtomicInteger();
        var mostInside = new AtomicInteger();
        var runs = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(8);
        try {
            var workers = new ArrayList<Future<?>>();
            for (var instance : List.of(first, second, first, second, first, second, first, second)) {
                var lock = instance.getBean(ClusterLock.class);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        lock.runExclusively("contended-work", Duration.ofMinutes(1), () -> {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            runs.incrementAndGet();
                            pause(5);
                            inside.decrementAndGet();
                        });
                    }
                }));
            }
            for (var worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(runs.get()).isPositive();
        assertThat(mostInside.get()).isEqualTo(1);
    }

    @Test
    void keepsTheAuditChainWholeWhenBothInstancesWriteAtOnce() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        try {
            var writers = new ArrayList<Future<?>>();
            for (var instance : List.of(first, second, first, second)) {
                var trail = instance.getBean(AuditTrail.class);
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        trail.record("scale-out", "test.concurrent", "instance:" + instance.getId(), Outcome.SUCCESS, "entry " + i);
                    }
                }));
            }
            for (var writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        var verification = second.getBean(AuditTrail.class).verify();
        assertThat(verification.valid()).isTrue();
        assertThat(first.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'test.concurrent'")
                .query(Integer.class).single()).isEqualTo(100);
    }

    private static ConfigurableApplicationContext start(String database) {
        // Command-line arguments, because they outrank application.properties as production's environment does.
        return new SpringApplicationBuilder(TocsinApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--tocsin.demo.enabled=false",
                "--tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
                "--tocsin.data-dir=target/test-data",
                "--tocsin.membership.idle-check-interval=1h");
    }

    private static int port(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
