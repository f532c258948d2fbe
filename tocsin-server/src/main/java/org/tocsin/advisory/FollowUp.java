package org.tocsin.advisory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.cluster.ClusterLock;
import org.tocsin.mail.Mailer;
import org.tocsin.membership.Membership;
import org.tocsin.membership.MembershipSettings;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Reminders and escalation for recipients who have not acknowledged: after the period set for the
 * advisory's severity ({@link FollowUpSettings}) from the delivery of their copy, one reminder;
 * after as long again, one escalation to the other recipients in their organisation and to its
 * organisation admins (for TLP:RED, whose existence is for its named recipients only, to the other
 * recipients alone). Only copies of the published version of an advisory that is not withdrawn,
 * held by a person who may still sign in, are followed up.
 *
 * <p>The job runs on one instance at a time ({@link ClusterLock}) and is idempotent besides: each
 * reminder and escalation is claimed by a compare-and-set on its recipient row, in the transaction
 * that queues its messages under keys of their own
 * ({@code advisory:{id}:v{version}:reminder:{person}}, {@code …:escalation:{person}:{addressee}}),
 * so two runs at once still send each message once. Messages carry the label and a link, never the
 * content. Time comes from the injected {@link Clock}.
 */
@Component
class FollowUp {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm 'UTC'");

    private final JdbcClient jdbc;
    private final Mailer mailer;
    private final Membership membership;
    private final ClusterLock lock;
    private final AuditTrail audit;
    private final FollowUpSettings periods;
    private final MembershipSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    FollowUp(JdbcClient jdbc, Mailer mailer, Membership membership, ClusterLock lock, AuditTrail audit,
            FollowUpSettings periods, MembershipSettings settings, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.membership = membership;
        this.lock = lock;
        this.audit = audit;
        this.periods = periods;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** How many reminders and escalations one run sent. */
    record Run(int reminders, int escalations) {}

    @Scheduled(fixedDelayString = "${tocsin.advisory.follow-up.interval:5m}",
            initialDelayString = "${tocsin.advisory.follow-up.initial-delay:1m}")
    void scheduled() {
        runExclusively();
    }

    /** One run, unless another instance is running one now. */
    boolean runExclusively() {
        return lock.runExclusively("advisory-follow-up", Duration.ofMinutes(10), this::run);
    }

    private record Due(UUID advisoryId, int version, UUID personId, UUID organisationId, String username,
            OffsetDateTime deliveredAt, OffsetDateTime remindedAt, Severity severity, Tlp tlp) {}

    /** Sends what is due now; safe to call concurrently with itself. */
    Run run() {
        var now = now();
        var due = jdbc.sql("""
                SELECT r.advisory_id, r.version, r.person_id, r.organisation_id, r.username, r.delivered_at,
                       r.reminded_at, v.severity, v.tlp
                FROM recipient r
                JOIN advisory a ON a.id = r.advisory_id AND a.published_version = r.version
                JOIN advisory_version v ON v.advisory_id = r.advisory_id AND v.version = r.version
                WHERE a.withdrawn_at IS NULL AND r.state <> 'ACKNOWLEDGED' AND r.escalated_at IS NULL
                  AND r.delivered_at <= :earliest
                ORDER BY r.delivered_at""")
                .param("earliest", now.minus(periods.shortest()))
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), Severity.valueOf(rs.getString(8)),
                        Tlp.parse(rs.getString(9))))
                .list();
        int reminders = 0;
        int escalations = 0;
        for (var copy : due) {
            var period = periods.period(copy.severity());
            if (copy.deliveredAt().plus(period).isAfter(now)) {
                continue;
            }
            if (membership.activePerson(copy.username()).isEmpty()) {
                continue; // suspended or removed: they cannot act, and their organisation is told by other means
            }
            if (copy.remindedAt() == null && Boolean.TRUE.equals(tx.execute(s -> remind(copy, now)))) {
                reminders++;
            }
            if (!copy.deliveredAt().plus(period.multipliedBy(2)).isAfter(now)
                    && Boolean.TRUE.equals(tx.execute(s -> escalate(copy, now)))) {
                escalations++;
            }
        }
        if (reminders + escalations > 0) {
            audit.record("system", "advisory.followed-up", "advisories", Outcome.SUCCESS,
                    reminders + " reminders, " + escalations + " escalations");
        }
        return new Run(reminders, escalations);
    }

    private boolean remind(Due copy, OffsetDateTime now) {
        if (!claim(copy, "reminded_at", now)) {
            return false;
        }
        mailer.queue(key(copy, "reminder:" + copy.personId()), copy.username(),
                "Tocsin: an advisory awaits your acknowledgement [" + copy.tlp().label() + "]", """
                %s

                You received an advisory on Tocsin on %s and have not acknowledged it yet.

                Sign in to Tocsin to read and acknowledge it:

                %s/advisories/%s

                If you have not acknowledged it by %s, the other recipients in your organisation and its \
                administrators will be told.

                This message does not contain the advisory.
                """.formatted(copy.tlp().label(), DAY.format(copy.deliveredAt()), settings.baseUrl(), copy.advisoryId(),
                        DAY.format(copy.deliveredAt().plus(periods.period(copy.severity()).multipliedBy(2)))));
        return true;
    }

    private boolean escalate(Due copy, OffsetDateTime now) {
        if (!claim(copy, "escalated_at", now)) {
            return false;
        }
        var addressees = new LinkedHashMap<UUID, Addressee>();
        jdbc.sql("""
                SELECT person_id, username FROM recipient
                WHERE advisory_id = :id AND version = :version AND organisation_id = :organisation AND person_id <> :person
                ORDER BY username""")
                .param("id", copy.advisoryId()).param("version", copy.version())
                .param("organisation", copy.organisationId()).param("person", copy.personId())
                .query((rs, n) -> new Addressee(rs.getObject(1, UUID.class), rs.getString(2), true)).list()
                .forEach(a -> addressees.put(a.id(), a));
        if (copy.tlp() != Tlp.RED) {
            for (Person admin : membership.people(copy.organisationId())) {
                if (admin.hasRole(Role.ORG_ADMIN) && !admin.id().equals(copy.personId())) {
                    addressees.putIfAbsent(admin.id(), new Addressee(admin.id(), admin.username(), false));
                }
            }
        }
        var who = membership.person(copy.personId()).map(p -> p.displayName() + " (" + p.username() + ")")
                .orElse(copy.username());
        for (var addressee : addressees.values()) {
            if (membership.activePerson(addressee.username()).isEmpty()) {
                continue;
            }
            mailer.queue(key(copy, "escalation:" + copy.personId() + ":" + addressee.id()), addressee.username(),
                    "Tocsin: an advisory in your organisation has not been acknowledged [" + copy.tlp().label() + "]",
                    """
                    %s

                    %s received an advisory on Tocsin on %s and has not acknowledged it, although reminded.
                    Please make sure it is read and acted on, or that someone acts for them.
                    %s
                    This message does not contain the advisory.
                    """.formatted(copy.tlp().label(), who, DAY.format(copy.deliveredAt()), addressee.recipient()
                            ? "\nYou received it too:\n\n" + settings.baseUrl() + "/advisories/" + copy.advisoryId() + "\n"
                            : ""));
        }
        return true;
    }

    private record Addressee(UUID id, String username, boolean recipient) {}

    /** Marks the reminder or escalation as sent; false if another run got there first or it was acknowledged. */
    private boolean claim(Due copy, String column, OffsetDateTime now) {
        return jdbc.sql("UPDATE recipient SET " + column + " = :now WHERE advisory_id = :id AND version = :version"
                + " AND person_id = :person AND " + column + " IS NULL AND state <> 'ACKNOWLEDGED'")
                .param("now", now).param("id", copy.advisoryId()).param("version", copy.version())
                .param("person", copy.personId()).update() == 1;
    }

    private static String key(Due copy, String kind) {
        return "advisory:" + copy.advisoryId() + ":v" + copy.version() + ":" + kind;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
