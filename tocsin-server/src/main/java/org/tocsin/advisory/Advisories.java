package org.tocsin.advisory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.leak.Fingerprints;
import org.tocsin.leak.Wording;
import org.tocsin.mail.Mailer;
import org.tocsin.membership.Membership;
import org.tocsin.membership.MembershipSettings;
import org.tocsin.membership.OpenPgpKeys;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Person;
import org.tocsin.membership.PersonStatus;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Advisories from the first draft to withdrawal, and their recipients' copies.
 *
 * <p>The workflow cannot be short-cut: a draft is submitted for review, approved by an approver
 * who wrote none of it (four-eyes, whatever the label), and only then published. Each step checks
 * the status it starts from and refuses with a conflict naming the current status otherwise.
 * Authors create, edit and submit; approvers approve; either publishes and withdraws. Changing a
 * published advisory starts its next version as a draft; the published one stays with its readers
 * until the new one is published.
 *
 * <p>Publication computes the audience through {@link Membership#reach} and freezes it: one
 * recipient row per person with a copy serial, and one notification per person queued in the
 * same transaction, keyed {@code advisory:{id}:v{version}:{personId}} so nobody is told twice.
 * A notification carries the advisory's content only encrypted to the recipient's OpenPGP key, and
 * never for TLP:RED; otherwise the TLP label and a link ({@link Notification}).
 *
 * <p>Only a recipient of the published version of an advisory that is not withdrawn may read it;
 * for everybody else it does not exist ({@link Refusal#notFound}). The authority's authors,
 * approvers and auditors see every advisory ({@link #isAuthorityStaff}).
 *
 * <p>Every change is audited in its own transaction, and so is every read of a copy labelled
 * TLP:AMBER or stricter.
 */
@Service
public class Advisories {

    static final int SUMMARY_WORDS = 150;
    static final int MAX_ACTIONS = 20;
    private static final Set<Role> MEMBER_ROLES = EnumSet.of(Role.EXECUTIVE, Role.SECURITY_LEAD, Role.ANALYST, Role.ORG_ADMIN);
    private static final String SERIAL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final JdbcOperations batches;
    private final Membership membership;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final MembershipSettings settings;
    private final OpenPgpKeys openPgpKeys;
    private final Attachments attachments;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Fingerprints fingerprints;

    Advisories(JdbcClient jdbc, JdbcOperations batches, Membership membership, AuditTrail audit, Mailer mailer,
            MembershipSettings settings, OpenPgpKeys openPgpKeys, Attachments attachments, Clock clock,
            ApplicationEventPublisher events, Fingerprints fingerprints) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.membership = membership;
        this.audit = audit;
        this.mailer = mailer;
        this.settings = settings;
        this.openPgpKeys = openPgpKeys;
        this.attachments = attachments;
        this.clock = clock;
        this.events = events;
        this.fingerprints = fingerprints;
    }

    /** Whether a person works for the authority as an author, approver or auditor, and so may see every advisory. */
    public static boolean isAuthorityStaff(Person person) {
        return person.hasRole(Role.AUTHOR) || person.hasRole(Role.APPROVER) || person.hasRole(Role.AUDITOR);
    }

    // ----- writing and the workflow -----

    /** Creates an advisory as a draft, version 1, written by {@code author}. */
    @Transactional
    public Advisory create(Person author, Draft draft) {
        require(author, Role.AUTHOR);
        var content = check(draft);
        var id = UUID.randomUUID();
        var now = now();
        jdbc.sql("""
                INSERT INTO advisory (id, author_id, created_at, current_version)
                VALUES (:id, :author, :now, 1)""")
                .param("id", id).param("author", author.id()).param("now", now).update();
        insertVersion(id, 1, content, List.of(), author, now);
        audit.record(author.username(), "advisory.created", target(id), Outcome.SUCCESS,
                content.tlp().label() + " " + content.title());
        return advisory(id).orElseThrow();
    }

    /**
     * Changes an advisory. A draft, or one in review or approved, is changed in place and goes back
     * to being a draft (a change needs a new review). A published advisory gets a new version,
     * a draft, with the list of fields that changed since the published one.
     */
    @Transactional
    public Advisory edit(Person author, UUID id, Draft draft) {
        require(author, Role.AUTHOR);
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var content = check(draft);
        events.publishEvent(new DraftEdited(id, draft)); // a listener may refuse it (a notice that relabels its parent)
        if (header.withdrawn()) {
            throw Refusal.conflict("This advisory is withdrawn and cannot be changed; its status is WITHDRAWN");
        }
        var current = versionStatus(id, header.currentVersion());
        var published = header.publishedVersion() == null ? null : content(id, header.publishedVersion());
        var changes = published == null ? List.<String>of() : published.differences(content);
        var now = now();
        if (current == Status.PUBLISHED) {
            if (changes.isEmpty()) {
                throw Refusal.conflict("Nothing has changed since the published version " + header.publishedVersion());
            }
            int next = header.currentVersion() + 1;
            // Claimed first, so of two concurrent revisions one starts the new version and the other is refused.
            int claimed = jdbc.sql("UPDATE advisory SET current_version = :next WHERE id = :id AND current_version = :current")
                    .param("next", next).param("id", id).param("current", header.currentVersion()).update();
            if (claimed != 1) {
                throw Refusal.conflict("The advisory changed while you were editing it; open it again");
            }
            insertVersion(id, next, content, changes, author, now);
            audit.record(author.username(), "advisory.revised", target(id), Outcome.SUCCESS,
                    "version " + next + " changes " + String.join(",", changes));
        } else {
            int version = header.currentVersion();
            int updated = jdbc.sql("""
                    UPDATE advisory_version SET status = 'DRAFT', title = :title, tlp = :tlp, severity = :severity,
                        confidence = :confidence, summary = :summary, body = :body, annex = :annex, changes = :changes,
                        edited_at = :now, submitted_at = NULL, approved_by = NULL, approved_at = NULL
                    WHERE advisory_id = :id AND version = :version AND status = :status""")
                    .param("title", content.title()).param("tlp", content.tlp().label())
                    .param("severity", content.severity().name()).param("confidence", content.confidence())
                    .param("summary", content.summary()).param("body", content.body()).param("annex", content.annex())
                    .param("changes", String.join(",", changes)).param("now", now)
                    .param("id", id).param("version", version).param("status", current.name()).update();
            if (updated != 1) {
                throw Refusal.conflict("The advisory changed while you were editing it; open it again");
            }
            for (var table : List.of("advisory_action", "advisory_sector", "advisory_organisation", "advisory_person", "advisory_role")) {
                jdbc.sql("DELETE FROM " + table + " WHERE advisory_id = :id AND version = :version")
                        .param("id", id).param("version", version).update();
            }
            insertParts(id, version, content);
            addEditor(id, version, author);
            audit.record(author.username(), "advisory.edited", target(id), Outcome.SUCCESS,
                    "version " + version + (current == Status.DRAFT ? "" : ", back to draft from " + current));
        }
        return advisory(id).orElseThrow();
    }

    /** DRAFT to IN_REVIEW. */
    @Transactional
    public Advisory submit(Person author, UUID id) {
        require(author, Role.AUTHOR);
        return move(author, id, Status.DRAFT, Status.IN_REVIEW, "Only a draft can be submitted for review",
                "advisory.submitted", "submitted_at = :now");
    }

    /** IN_REVIEW to APPROVED, by an approver who wrote none of this version. */
    @Transactional
    public Advisory approve(Person approver, UUID id) {
        require(approver, Role.APPROVER);
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (header.authorId().equals(approver.id()) || editors(id, header.currentVersion()).contains(approver.id())) {
            throw new SecondPersonRequired();
        }
        return move(approver, id, Status.IN_REVIEW, Status.APPROVED, "Only an advisory in review can be approved",
                "advisory.approved", "approved_at = :now, approved_by = :actor");
    }

    /**
     * APPROVED to PUBLISHED: freezes the recipient list and queues one notification per
     * recipient, all in this one transaction. Refused, with nothing written, when nobody in the
     * audience can receive it now.
     */
    @Transactional
    public Advisory publish(Person actor, UUID id) {
        require(actor, Role.AUTHOR, Role.APPROVER);
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        int version = header.currentVersion();
        var status = header.withdrawn() ? Status.WITHDRAWN : versionStatus(id, version);
        if (status != Status.APPROVED) {
            throw Refusal.conflict("Only an approved advisory can be published; its status is " + status);
        }
        var content = content(id, version);
        checkLabelAgainstAudience(content.tlp(), content.sectors(), content.organisations());
        var people = membership.reach(content.sectors(), content.organisations(), content.people(), content.roles());
        if (people.isEmpty()) {
            throw Refusal.conflict("Nobody in this audience can receive the advisory now: no active person of an "
                    + "approved organisation matches it. Change the audience first");
        }
        var now = now();
        int claimed = jdbc.sql("""
                UPDATE advisory_version SET status = 'PUBLISHED', published_at = :now, published_by = :actor
                WHERE advisory_id = :id AND version = :version AND status = 'APPROVED'""")
                .param("now", now).param("actor", actor.id()).param("id", id).param("version", version).update();
        if (claimed != 1) {
            throw Refusal.conflict("The advisory changed while you were publishing it; its status is "
                    + versionStatus(id, version));
        }
        jdbc.sql("UPDATE advisory SET published_version = :version WHERE id = :id")
                .param("version", version).param("id", id).update();
        var previous = header.publishedVersion();
        var notification = Notification.of(id, version, header.notice(), content, now, settings.baseUrl(),
                attachments.names(id, version));
        var keys = Notification.mayCarryContent(content.tlp())
                ? openPgpKeys.usableKeysOf(people.stream().map(Person::id).toList())
                : Map.<UUID, String>of();
        var serials = new HashMap<UUID, String>();
        people.forEach(person -> serials.put(person.id(), serial()));
        // In batches: a publication to 10,000 people is a handful of statements (docs/PERFORMANCE.md).
        batches.batchUpdate("""
                INSERT INTO recipient (advisory_id, version, person_id, organisation_id, username, copy_serial,
                                       state, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, 'DELIVERED', ?)""", people, 1000, (statement, person) -> {
                    statement.setObject(1, id);
                    statement.setInt(2, version);
                    statement.setObject(3, person.id());
                    statement.setObject(4, person.organisationId());
                    statement.setString(5, person.username());
                    statement.setString(6, serials.get(person.id()));
                    statement.setObject(7, now);
                });
        var wording = new Wording(content.summary(), content.body(), content.annex());
        var plain = new ArrayList<Mailer.Message>();
        for (var person : people) {
            var mailKey = "advisory:" + id + ":v" + version + ":" + person.id();
            var key = keys.get(person.id());
            if (key == null) {
                plain.add(new Mailer.Message(mailKey, person.username(), notification.subject(),
                        notification.withoutContent()));
            } else {
                // The content travels encrypted, and as the reader's own fingerprinted copy (issue 4).
                var prose = content.tlp() == Tlp.CLEAR ? Fingerprints.original(wording)
                        : fingerprints.copyFor(id, version, person, wording);
                mailer.queueConfidential(mailKey, person.username(), notification.subject(),
                        notification.withoutContent(), notification.withProse(prose).contentFor(serials.get(person.id())),
                        key);
            }
        }
        mailer.queueAll(plain);
        // Listeners (copies shared on from the version before) join this transaction.
        events.publishEvent(new VersionPublished(id, version, previous, content.tlp(), notification.subject(),
                notification.withoutContent(), now));
        audit.record(actor.username(), "advisory.published", target(id), Outcome.SUCCESS,
                "version " + version + " " + content.tlp().label() + " to " + people.size() + " recipients");
        return advisory(id).orElseThrow();
    }

    /**
     * Withdraws a published advisory: from now on nobody but the authority can open it, and every
     * recipient of its published version is told (without its content).
     */
    @Transactional
    public Advisory withdraw(Person actor, UUID id, String reason) {
        require(actor, Role.AUTHOR, Role.APPROVER);
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (reason != null && reason.strip().length() > 500) {
            throw Refusal.invalid("reason", "Use at most 500 characters");
        }
        if (header.withdrawn() || header.publishedVersion() == null) {
            throw Refusal.conflict("Only a published advisory can be withdrawn; its status is "
                    + (header.withdrawn() ? Status.WITHDRAWN : versionStatus(id, header.currentVersion())));
        }
        var now = now();
        int claimed = jdbc.sql("UPDATE advisory SET withdrawn_at = :now, withdrawn_by = :actor WHERE id = :id AND withdrawn_at IS NULL")
                .param("now", now).param("actor", actor.id()).param("id", id).update();
        if (claimed != 1) {
            throw Refusal.conflict("Only a published advisory can be withdrawn; its status is WITHDRAWN");
        }
        var tlp = content(id, header.publishedVersion()).tlp();
        var recipients = jdbc.sql("SELECT person_id, username FROM recipient WHERE advisory_id = :id AND version = :version")
                .param("id", id).param("version", header.publishedVersion())
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list();
        var body = """
                %s

                An advisory you received on Tocsin has been withdrawn and can no longer be opened.
                Its reference was %s.

                If you shared what it said, tell the people you shared it with.
                """.formatted(tlp.label(), id);
        for (var recipient : recipients) {
            mailer.queue("advisory:" + id + ":withdrawn:" + recipient.getKey(), recipient.getValue(),
                    "Tocsin: an advisory has been withdrawn [" + tlp.label() + "]", body);
        }
        audit.record(actor.username(), "advisory.withdrawn", target(id), Outcome.SUCCESS,
                recipients.size() + " recipients told" + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()));
        return advisory(id).orElseThrow();
    }

    // ----- the authority's view -----

    /** The current version of an advisory, for the authority. */
    @Transactional(readOnly = true)
    public Optional<Advisory> advisory(UUID id) {
        return header(id).map(h -> load(h, h.currentVersion()));
    }

    /** One version of an advisory as written, for the authority: investigations compare leaked text with each published one. */
    @Transactional(readOnly = true)
    public Optional<Advisory> version(UUID id, int version) {
        return header(id).filter(h -> version >= 1 && version <= h.currentVersion()).map(h -> load(h, version));
    }

    /** The version of an advisory its readers have (withdrawn or not), if it was ever published: for the authority. */
    @Transactional(readOnly = true)
    public Optional<Advisory> publishedVersion(UUID id) {
        return header(id).filter(h -> h.publishedVersion() != null).map(h -> load(h, h.publishedVersion()));
    }

    /** Every advisory, newest first, in its current version: for the authority. */
    @Transactional(readOnly = true)
    public List<Advisory> all() {
        return jdbc.sql("SELECT id FROM advisory ORDER BY created_at DESC").query(UUID.class).list().stream()
                .map(id -> advisory(id).orElseThrow()).toList();
    }

    /** Who received the published version and how far each has come, with counts by sector and organisation. */
    @Transactional(readOnly = true)
    public Distribution distribution(UUID id) {
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (header.publishedVersion() == null) {
            return new Distribution(id, null, 0, 0, 0, List.of(), List.of(), List.of());
        }
        int version = header.publishedVersion();
        var organisations = membership.organisations(null).stream()
                .collect(Collectors.toMap(Organisation::id, o -> o));
        var sectorNames = membership.sectors().stream()
                .collect(Collectors.toMap(s -> s.slug(), s -> s.name()));
        var progress = progress(id, version, null);
        var actionCount = actions(id, version).size();
        var recipients = jdbc.sql("""
                SELECT r.person_id, r.username, r.organisation_id, r.copy_serial, r.state, r.delivered_at, r.viewed_at,
                       r.acknowledged_at, r.ack_comment, s.username, r.shared_at, d.username, r.delegated_at,
                       b.username, r.reminded_at, r.escalated_at
                FROM recipient r
                LEFT JOIN recipient s ON s.advisory_id = r.advisory_id AND s.version = r.version AND s.person_id = r.shared_by
                LEFT JOIN recipient d ON d.advisory_id = r.advisory_id AND d.version = r.version AND d.person_id = r.delegate_id
                LEFT JOIN recipient b ON b.advisory_id = r.advisory_id AND b.version = r.version
                                     AND b.person_id = r.acknowledged_by
                WHERE r.advisory_id = :id AND r.version = :version ORDER BY r.username""")
                .param("id", id).param("version", version)
                .query((rs, n) -> {
                    var personId = rs.getObject(1, UUID.class);
                    var organisation = organisations.get(rs.getObject(3, UUID.class));
                    return new Distribution.Recipient(personId, rs.getString(2), rs.getObject(3, UUID.class),
                            organisation == null ? "" : organisation.name(),
                            organisation == null ? List.of() : organisation.sectors(), rs.getString(4),
                            RecipientState.valueOf(rs.getString(5)), rs.getObject(6, OffsetDateTime.class),
                            rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
                            rs.getString(9), fill(progress.getOrDefault(personId, Map.of()), actionCount),
                            rs.getString(10), rs.getObject(11, OffsetDateTime.class), rs.getString(12),
                            rs.getObject(13, OffsetDateTime.class), rs.getString(14),
                            rs.getObject(15, OffsetDateTime.class), rs.getObject(16, OffsetDateTime.class));
                }).list();
        var bySector = new LinkedHashMap<String, int[]>();
        var byOrganisation = new LinkedHashMap<UUID, int[]>();
        for (var r : recipients) {
            for (var sector : r.sectors()) {
                tally(bySector.computeIfAbsent(sector, k -> new int[3]), r);
            }
            tally(byOrganisation.computeIfAbsent(r.organisationId(), k -> new int[3]), r);
        }
        var total = new int[3];
        recipients.forEach(r -> tally(total, r));
        return new Distribution(id, version, total[0], total[1], total[2], recipients,
                bySector.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new Distribution.Tally(e.getKey(), sectorNames.getOrDefault(e.getKey(), e.getKey()),
                                e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList(),
                byOrganisation.entrySet().stream()
                        .map(e -> new Distribution.Tally(e.getKey().toString(), organisations.containsKey(e.getKey())
                                ? organisations.get(e.getKey()).name() : "", e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                        .sorted((a, b) -> a.name().compareTo(b.name())).toList());
    }

    // ----- the recipients' view -----

    /** The reader's copies of published advisories that are not withdrawn, newest first. Marks nothing. */
    @Transactional(readOnly = true)
    public List<Copy> copiesOf(Person reader) {
        var ids = jdbc.sql("""
                SELECT a.id FROM advisory a
                JOIN recipient r ON r.advisory_id = a.id AND r.version = a.published_version
                WHERE r.person_id = :person AND a.withdrawn_at IS NULL ORDER BY r.delivered_at DESC""")
                .param("person", reader.id()).query(UUID.class).list();
        return ids.stream().map(id -> copy(reader, id).orElseThrow()).toList();
    }

    /**
     * Opens the reader's copy: the first opening marks it viewed, and every opening of a copy
     * labelled TLP:AMBER or stricter is audited.
     */
    @Transactional
    public Copy read(Person reader, UUID id) {
        var copy = copy(reader, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var now = now();
        int marked = jdbc.sql("""
                UPDATE recipient SET state = 'VIEWED', viewed_at = :now
                WHERE advisory_id = :id AND version = :version AND person_id = :person AND state = 'DELIVERED'""")
                .param("now", now).param("id", id).param("version", copy.advisory().version())
                .param("person", reader.id()).update();
        var tlp = copy.advisory().tlp();
        if (tlp == Tlp.AMBER || tlp.isStricterThan(Tlp.AMBER)) {
            audit.record(reader.username(), "advisory.read", target(id), Outcome.SUCCESS,
                    "version " + copy.advisory().version() + " " + tlp.label() + " copy " + copy.serial()
                            + (marked == 1 ? ", first view" : ""));
        }
        return copy(reader, id).orElseThrow();
    }

    /** The reader's explicit acknowledgement. A second one changes nothing. */
    @Transactional
    public Copy acknowledge(Person reader, UUID id, String comment) {
        return acknowledge(reader, reader, id, comment);
    }

    /**
     * The acknowledgement of {@code reader}'s copy by {@code actor}: the reader, or a delegate whom
     * the caller has checked ({@link Shares}), recorded as acting on the reader's behalf.
     */
    @Transactional
    Copy acknowledge(Person reader, Person actor, UUID id, String comment) {
        var copy = copy(reader, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var note = optionalText("comment", comment, 1000);
        if (copy.state() == RecipientState.ACKNOWLEDGED) {
            return copy;
        }
        var now = now();
        jdbc.sql("""
                UPDATE recipient SET state = 'ACKNOWLEDGED', acknowledged_at = :now, ack_comment = :comment,
                    viewed_at = COALESCE(viewed_at, :now), acknowledged_by = :actor
                WHERE advisory_id = :id AND version = :version AND person_id = :person AND state <> 'ACKNOWLEDGED'""")
                .param("now", now).param("comment", note).param("id", id).param("actor", onBehalf(reader, actor))
                .param("version", copy.advisory().version()).param("person", reader.id()).update();
        audit.record(actor.username(), "advisory.acknowledged", target(id), Outcome.SUCCESS,
                "version " + copy.advisory().version() + " copy " + copy.serial() + behalf(reader, actor));
        return copy(reader, id).orElseThrow();
    }

    /** The reader's report on recommended action {@code n} (from 1); needs the acknowledgement first. */
    @Transactional
    public Copy report(Person reader, UUID id, int n, String status, String comment) {
        return report(reader, reader, id, n, status, comment);
    }

    /** The report on {@code reader}'s action {@code n} by {@code actor}: the reader, or their checked delegate. */
    @Transactional
    Copy report(Person reader, Person actor, UUID id, int n, String status, String comment) {
        var copy = copy(reader, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (n < 1 || n > copy.advisory().actions().size()) {
            throw Refusal.notFound("Action " + n);
        }
        var parsed = parse(ActionStatus.class, "status", status);
        var note = optionalText("comment", comment, 1000);
        if (copy.state() != RecipientState.ACKNOWLEDGED) {
            throw Refusal.conflict("Acknowledge the advisory before reporting on its actions; your copy's state is "
                    + copy.state());
        }
        var now = now();
        var key = Map.<String, Object>of("id", id, "version", copy.advisory().version(), "person", reader.id(), "n", n);
        int updated = jdbc.sql("""
                UPDATE recipient_action SET status = :status, comment = :comment, updated_at = :now, reported_by = :actor
                WHERE advisory_id = :id AND version = :version AND person_id = :person AND n = :n""")
                .params(key).param("status", parsed.name()).param("comment", note).param("now", now)
                .param("actor", onBehalf(reader, actor)).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO recipient_action (advisory_id, version, person_id, n, status, comment, updated_at,
                                                  reported_by)
                    VALUES (:id, :version, :person, :n, :status, :comment, :now, :actor)""")
                    .params(key).param("status", parsed.name()).param("comment", note).param("now", now)
                    .param("actor", onBehalf(reader, actor)).update();
        }
        audit.record(actor.username(), "advisory.action-reported", target(id), Outcome.SUCCESS,
                "version " + copy.advisory().version() + " action " + n + " " + parsed + behalf(reader, actor));
        return copy(reader, id).orElseThrow();
    }

    /** The delegate's id when someone acts for the reader; null when the reader acts for themselves. */
    private static UUID onBehalf(Person reader, Person actor) {
        return reader.id().equals(actor.id()) ? null : actor.id();
    }

    private static String behalf(Person reader, Person actor) {
        return reader.id().equals(actor.id()) ? "" : " on behalf of " + reader.username();
    }

    private Optional<Copy> copy(Person reader, UUID id) {
        var row = jdbc.sql("""
                SELECT r.version, r.copy_serial, r.state, r.delivered_at, r.viewed_at, r.acknowledged_at, r.ack_comment
                FROM advisory a JOIN recipient r ON r.advisory_id = a.id AND r.version = a.published_version
                WHERE a.id = :id AND r.person_id = :person AND a.withdrawn_at IS NULL""")
                .param("id", id).param("person", reader.id())
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2), RecipientState.valueOf(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class), rs.getString(7)})
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        var r = row.get();
        int version = (Integer) r[0];
        var advisory = CopyProse.of(fingerprints, load(header(id).orElseThrow(), version), reader);
        var progress = progress(id, version, reader.id()).getOrDefault(reader.id(), Map.of());
        return Optional.of(new Copy(advisory, (String) r[1], (RecipientState) r[2], (OffsetDateTime) r[3],
                (OffsetDateTime) r[4], (OffsetDateTime) r[5], (String) r[6], fill(progress, advisory.actions().size())));
    }

    // ----- checks -----

    /** A draft that passed every check, in the form it is stored. */
    record Content(String title, Tlp tlp, Severity severity, Integer confidence, String summary, String body,
            String annex, List<Advisory.Action> actions, Set<String> sectors, Set<UUID> organisations,
            Set<UUID> people, Set<Role> roles) {

        /** The names of the fields in which {@code other} differs from this. */
        List<String> differences(Content other) {
            var changed = new ArrayList<String>();
            if (!title.equals(other.title)) {
                changed.add("title");
            }
            if (tlp != other.tlp) {
                changed.add("tlp");
            }
            if (severity != other.severity) {
                changed.add("severity");
            }
            if (!Objects.equals(confidence, other.confidence)) {
                changed.add("confidence");
            }
            if (!summary.equals(other.summary)) {
                changed.add("summary");
            }
            if (!body.equals(other.body)) {
                changed.add("body");
            }
            if (!annex.equals(other.annex)) {
                changed.add("annex");
            }
            if (!actions.equals(other.actions)) {
                changed.add("actions");
            }
            if (!sectors.equals(other.sectors) || !organisations.equals(other.organisations)
                    || !people.equals(other.people) || !roles.equals(other.roles)) {
                changed.add("audience");
            }
            return changed;
        }
    }

    private Content check(Draft draft) {
        if (draft == null) {
            throw Refusal.invalid("title", "Send the advisory: title, tlp, severity, summary, body, actions and audience");
        }
        var title = requireLine("title", draft.title(), 200);
        Tlp tlp;
        try {
            tlp = Tlp.parse(draft.tlp());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("tlp", e.getMessage());
        }
        var severity = parse(Severity.class, "severity", draft.severity());
        var confidence = draft.confidence();
        if (confidence != null && (confidence < 0 || confidence > 100)) {
            throw Refusal.invalid("confidence", "Give the confidence as a number from 0 to 100");
        }
        var summary = checkSummary(draft.summary());
        var body = requireText("body", draft.body(), 100_000);
        var annex = draft.annex() == null || draft.annex().isBlank() ? "" : requireText("annex", draft.annex(), 100_000);
        Fingerprints.check("summary", summary);
        Fingerprints.check("body", body);
        Fingerprints.check("annex", annex);
        var actions = checkActions(draft.actions());
        var audience = draft.audience() == null ? new Draft.Audience(null, null, null, null) : draft.audience();
        var sectors = checkSectors(audience.sectors());
        var organisations = checkOrganisations(audience.organisations());
        var people = checkPeople(audience.users());
        var roles = new TreeSet<Role>();
        for (var name : nonNull(audience.roles())) {
            roles.add(memberRole("audience.roles", name));
        }
        if (sectors.isEmpty() && organisations.isEmpty() && people.isEmpty()) {
            throw Refusal.invalid("audience", "Choose who receives the advisory: sectors, organisations or named people");
        }
        checkLabelAgainstAudience(tlp, sectors, organisations);
        return new Content(title, tlp, severity, confidence, summary, body, annex, actions, sectors, organisations,
                people, roles);
    }

    /** TLP:RED is for the eyes of named individuals only: never a whole sector or organisation. */
    private static void checkLabelAgainstAudience(Tlp tlp, Set<String> sectors, Set<UUID> organisations) {
        if (tlp == Tlp.RED && (!sectors.isEmpty() || !organisations.isEmpty())) {
            throw Refusal.invalid("audience", "TLP:RED goes to named people only: remove the sectors and organisations "
                    + "from the audience, or choose another label");
        }
    }

    private static String checkSummary(String summary) {
        var text = requireText("summary", summary, 2000);
        int words = Indicators.words(text);
        if (words > SUMMARY_WORDS) {
            throw Refusal.invalid("summary", "Keep the summary to " + SUMMARY_WORDS + " words; it has " + words);
        }
        var found = Indicators.first(text);
        if (found.isPresent()) {
            throw Refusal.invalid("summary", "The summary must not contain indicators: found " + found.get().describe()
                    + ". Put indicators in the technical annex");
        }
        return text;
    }

    private static List<Advisory.Action> checkActions(List<Draft.Action> actions) {
        if (actions == null || actions.isEmpty()) {
            throw Refusal.invalid("actions", "Add at least one recommended action");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw Refusal.invalid("actions", "Recommend at most " + MAX_ACTIONS + " actions");
        }
        var checked = new ArrayList<Advisory.Action>();
        for (int i = 0; i < actions.size(); i++) {
            var action = actions.get(i);
            var field = "actions[" + i + "]";
            if (action == null) {
                throw Refusal.invalid(field, "Describe the action");
            }
            var text = requireLine(field + ".text", action.text(), 500);
            var owner = memberRole(field + ".ownerRole", action.ownerRole());
            if (action.dueDays() == null || action.dueDays() < 1 || action.dueDays() > 365) {
                throw Refusal.invalid(field + ".dueDays", "Give the deadline as a number of days from 1 to 365");
            }
            checked.add(new Advisory.Action(i + 1, text, owner, action.dueDays()));
        }
        return List.copyOf(checked);
    }

    private Set<String> checkSectors(List<String> slugs) {
        var known = membership.sectors().stream().map(s -> s.slug()).collect(Collectors.toSet());
        var sectors = new TreeSet<String>();
        for (var slug : nonNull(slugs)) {
            if (slug == null || !known.contains(slug.strip())) {
                throw Refusal.invalid("audience.sectors", "'" + shorten(slug) + "' is not a sector; expected one of "
                        + new TreeSet<>(known));
            }
            sectors.add(slug.strip());
        }
        return sectors;
    }

    private Set<UUID> checkOrganisations(List<String> ids) {
        var organisations = new LinkedHashSet<UUID>();
        for (var value : nonNull(ids)) {
            UUID id;
            try {
                id = UUID.fromString(String.valueOf(value).strip());
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("audience.organisations", "'" + shorten(value) + "' is not an organisation id (a UUID)");
            }
            if (membership.organisation(id).filter(o -> !o.authority()).isEmpty()) {
                throw Refusal.invalid("audience.organisations", "'" + id + "' is not a member organisation");
            }
            organisations.add(id);
        }
        return organisations;
    }

    private Set<UUID> checkPeople(List<String> usernames) {
        var people = new LinkedHashSet<UUID>();
        var authority = membership.authority().map(Organisation::id).orElse(null);
        for (var username : nonNull(usernames)) {
            var person = membership.personByUsername(username == null ? null : username.strip())
                    .filter(p -> p.status() != PersonStatus.REMOVED)
                    .filter(p -> !p.organisationId().equals(authority))
                    .orElseThrow(() -> Refusal.invalid("audience.users",
                            "'" + shorten(username) + "' is not a member of a member organisation"));
            people.add(person.id());
        }
        return people;
    }

    private static Role memberRole(String field, String name) {
        try {
            var role = Role.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT));
            if (MEMBER_ROLES.contains(role)) {
                return role;
            }
        } catch (IllegalArgumentException e) {
            // refused below with the list of valid names
        }
        throw Refusal.invalid(field, "'" + shorten(name) + "' is not a member role; expected one of " + MEMBER_ROLES);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value != null) {
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // refused below
            }
        }
        throw Refusal.invalid(field, (value == null ? "Missing" : "'" + shorten(value) + "' is not valid")
                + "; expected one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static String requireLine(String field, String value, int max) {
        var text = requireText(field, value, max);
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw Refusal.invalid(field, "Write the " + label(field) + " on one line");
        }
        return text;
    }

    private static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "Enter the " + label(field));
        }
        var text = value.strip().replace("\r\n", "\n");
        if (text.length() > max) {
            throw Refusal.invalid(field, "Use at most " + max + " characters in the " + label(field) + "; it has " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw Refusal.invalid(field, "Remove the control character at position " + (i + 1) + " of the " + label(field));
            }
        }
        return text;
    }

    private static String optionalText(String field, String value, int max) {
        return value == null || value.isBlank() ? null : requireText(field, value, max);
    }

    private static String label(String field) {
        return switch (field.replaceAll("\\[\\d+]", "")) {
            case "actions.text" -> "action";
            case "annex" -> "technical annex";
            default -> field;
        };
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String shorten(Object value) {
        var v = String.valueOf(value);
        return v.length() <= 40 ? v : v.substring(0, 40) + "…";
    }

    private static void require(Person actor, Role... roles) {
        for (var role : roles) {
            if (actor.hasRole(role)) {
                return;
            }
        }
        throw new AccessDeniedException("Needs one of the roles " + Arrays.toString(roles));
    }

    // ----- storage -----

    private record Header(UUID id, UUID authorId, OffsetDateTime createdAt, int currentVersion,
            Integer publishedVersion, OffsetDateTime withdrawnAt, boolean notice) {

        boolean withdrawn() {
            return withdrawnAt != null;
        }
    }

    private Optional<Header> header(UUID id) {
        return jdbc.sql("""
                SELECT id, author_id, created_at, current_version, published_version, withdrawn_at, kind
                FROM advisory WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Header(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class), rs.getInt(4), (Integer) rs.getObject(5),
                        rs.getObject(6, OffsetDateTime.class), "NOTICE".equals(rs.getString(7))))
                .optional();
    }

    private Status versionStatus(UUID id, int version) {
        return Status.valueOf(jdbc.sql("SELECT status FROM advisory_version WHERE advisory_id = :id AND version = :version")
                .param("id", id).param("version", version).query(String.class).single());
    }

    private Advisory move(Person actor, UUID id, Status from, Status to, String rule, String action, String stamp) {
        var header = header(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var status = header.withdrawn() ? Status.WITHDRAWN : versionStatus(id, header.currentVersion());
        if (status != from) {
            throw Refusal.conflict(rule + "; its status is " + status);
        }
        int moved = jdbc.sql("UPDATE advisory_version SET status = :to, " + stamp
                + " WHERE advisory_id = :id AND version = :version AND status = :from")
                .param("to", to.name()).param("now", now()).param("actor", actor.id())
                .param("id", id).param("version", header.currentVersion()).param("from", from.name()).update();
        if (moved != 1) {
            throw Refusal.conflict(rule + "; its status is " + versionStatus(id, header.currentVersion()));
        }
        audit.record(actor.username(), action, target(id), Outcome.SUCCESS, "version " + header.currentVersion());
        return advisory(id).orElseThrow();
    }

    private void insertVersion(UUID id, int version, Content content, List<String> changes, Person author,
            OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO advisory_version (advisory_id, version, status, title, tlp, severity, confidence, summary,
                                              body, annex, changes, created_by, edited_at)
                VALUES (:id, :version, 'DRAFT', :title, :tlp, :severity, :confidence, :summary, :body, :annex,
                        :changes, :author, :now)""")
                .param("id", id).param("version", version).param("title", content.title())
                .param("tlp", content.tlp().label()).param("severity", content.severity().name())
                .param("confidence", content.confidence()).param("summary", content.summary())
                .param("body", content.body()).param("annex", content.annex())
                .param("changes", String.join(",", changes)).param("author", author.id()).param("now", now).update();
        insertParts(id, version, content);
        addEditor(id, version, author);
    }

    private void insertParts(UUID id, int version, Content content) {
        for (var action : content.actions()) {
            jdbc.sql("""
                    INSERT INTO advisory_action (advisory_id, version, n, action_text, owner_role, due_days)
                    VALUES (:id, :version, :n, :text, :role, :days)""")
                    .param("id", id).param("version", version).param("n", action.n()).param("text", action.text())
                    .param("role", action.ownerRole().name()).param("days", action.dueDays()).update();
        }
        insertAll("advisory_sector", "sector_slug", id, version, content.sectors());
        insertAll("advisory_organisation", "organisation_id", id, version, content.organisations());
        insertAll("advisory_person", "person_id", id, version, content.people());
        insertAll("advisory_role", "role", id, version, content.roles().stream().map(Role::name).toList());
    }

    private void insertAll(String table, String column, UUID id, int version, Collection<?> values) {
        for (var value : values) {
            jdbc.sql("INSERT INTO " + table + " (advisory_id, version, " + column + ") VALUES (:id, :version, :value)")
                    .param("id", id).param("version", version).param("value", value).update();
        }
    }

    private void addEditor(UUID id, int version, Person editor) {
        if (!editors(id, version).contains(editor.id())) {
            jdbc.sql("INSERT INTO advisory_editor (advisory_id, version, person_id) VALUES (:id, :version, :person)")
                    .param("id", id).param("version", version).param("person", editor.id()).update();
        }
    }

    private Set<UUID> editors(UUID id, int version) {
        return Set.copyOf(jdbc.sql("SELECT person_id FROM advisory_editor WHERE advisory_id = :id AND version = :version")
                .param("id", id).param("version", version).query(UUID.class).list());
    }

    private Content content(UUID id, int version) {
        var header = header(id).orElseThrow();
        var advisory = load(header, version);
        return new Content(advisory.title(), advisory.tlp(), advisory.severity(), advisory.confidence(),
                advisory.summary(), advisory.body(), advisory.annex(), advisory.actions(),
                new TreeSet<>(advisory.audience().sectors()), new LinkedHashSet<>(advisory.audience().organisations()),
                new LinkedHashSet<>(values("advisory_person", "person_id", id, version, UUID.class)),
                new TreeSet<>(advisory.audience().roles()));
    }

    private List<Advisory.Action> actions(UUID id, int version) {
        return jdbc.sql("""
                SELECT n, action_text, owner_role, due_days FROM advisory_action
                WHERE advisory_id = :id AND version = :version ORDER BY n""")
                .param("id", id).param("version", version)
                .query((rs, n) -> new Advisory.Action(rs.getInt(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getInt(4)))
                .list();
    }

    private <T> List<T> values(String table, String column, UUID id, int version, Class<T> type) {
        return jdbc.sql("SELECT " + column + " FROM " + table + " WHERE advisory_id = :id AND version = :version ORDER BY "
                + column).param("id", id).param("version", version).query(type).list();
    }

    private Advisory load(Header header, int version) {
        var id = header.id();
        var people = values("advisory_person", "person_id", id, version, UUID.class).stream()
                .map(p -> membership.person(p).map(Person::username).orElse(p.toString())).sorted().toList();
        var audience = new Advisory.Audience(values("advisory_sector", "sector_slug", id, version, String.class),
                values("advisory_organisation", "organisation_id", id, version, UUID.class), people,
                values("advisory_role", "role", id, version, String.class).stream().map(Role::valueOf).toList());
        int recipients = jdbc.sql("SELECT COUNT(*) FROM recipient WHERE advisory_id = :id AND version = :version")
                .param("id", id).param("version", version).query(Integer.class).single();
        var author = membership.person(header.authorId()).map(Person::username).orElse("");
        return jdbc.sql("""
                SELECT status, title, tlp, severity, confidence, summary, body, annex, changes, edited_at,
                       submitted_at, approved_by, approved_at, published_at
                FROM advisory_version WHERE advisory_id = :id AND version = :version""")
                .param("id", id).param("version", version)
                .query((rs, n) -> {
                    var changes = rs.getString(9);
                    var approvedBy = rs.getObject(12, UUID.class);
                    var status = header.withdrawn() ? Status.WITHDRAWN : Status.valueOf(rs.getString(1));
                    return new Advisory(id, version, status, header.publishedVersion(), rs.getString(2),
                            Tlp.parse(rs.getString(3)), Severity.valueOf(rs.getString(4)), (Integer) rs.getObject(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), actions(id, version), audience,
                            changes.isEmpty() ? List.of() : List.of(changes.split(",")), author, header.createdAt(),
                            rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                            approvedBy == null ? null : membership.person(approvedBy).map(Person::username).orElse(""),
                            rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class),
                            header.withdrawnAt(), recipients);
                }).single();
    }

    /** Reports on actions by person and action number, for one person or (person null) everybody. */
    private Map<UUID, Map<Integer, Copy.Progress>> progress(UUID id, int version, UUID person) {
        var result = new HashMap<UUID, Map<Integer, Copy.Progress>>();
        jdbc.sql("""
                SELECT person_id, n, status, comment, updated_at FROM recipient_action
                WHERE advisory_id = :id AND version = :version AND (:everybody OR person_id = :person)""")
                .param("id", id).param("version", version).param("everybody", person == null)
                .param("person", person == null ? new UUID(0, 0) : person)
                .query(rs -> {
                    result.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                            .put(rs.getInt(2), new Copy.Progress(rs.getInt(2), ActionStatus.valueOf(rs.getString(3)),
                                    rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
                });
        return result;
    }

    private static List<Copy.Progress> fill(Map<Integer, Copy.Progress> reported, int actions) {
        var all = new ArrayList<Copy.Progress>();
        for (int n = 1; n <= actions; n++) {
            all.add(reported.getOrDefault(n, new Copy.Progress(n, ActionStatus.NOT_STARTED, null, null)));
        }
        return List.copyOf(all);
    }

    private static void tally(int[] counts, Distribution.Recipient r) {
        counts[0]++;
        if (r.viewedAt() != null) {
            counts[1]++;
        }
        if (r.state() == RecipientState.ACKNOWLEDGED) {
            counts[2]++;
        }
    }

    /** A copy serial: ten characters from an alphabet without look-alikes, about 49 random bits. */
    static String serial() {
        var out = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                out.append('-');
            }
            out.append(SERIAL_ALPHABET.charAt(RANDOM.nextInt(SERIAL_ALPHABET.length())));
        }
        return out.toString();
    }

    private static String target(UUID id) {
        return "advisory:" + id;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
