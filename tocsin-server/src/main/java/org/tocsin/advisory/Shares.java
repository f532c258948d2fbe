package org.tocsin.advisory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.leak.Fingerprints;
import org.tocsin.mail.Mailer;
import org.tocsin.membership.Membership;
import org.tocsin.membership.MembershipSettings;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.OrganisationStatus;
import org.tocsin.membership.Person;
import org.tocsin.membership.PersonStatus;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Passing a copy on inside Tocsin: a recipient shares an advisory with a colleague where its label
 * allows, and an executive delegates their acknowledgement and actions to a security lead of their
 * own organisation. Either way the other person gets a copy of their own (own serial, notified
 * through the outbox with the publication's idempotency key), recorded as passed on by the first.
 *
 * <p>The label decides who may receive a shared copy (cni-context.md §2.2, {@link #refusal}):
 * TLP:CLEAR any member, TLP:GREEN any active person of an approved organisation, TLP:AMBER and
 * TLP:AMBER+STRICT only the sharer's own organisation, TLP:RED nobody. Tocsin has no clients of
 * members, so AMBER is held to the organisation like AMBER+STRICT.
 *
 * <p>Someone who holds no copy of the published, not withdrawn advisory cannot pass it on: for
 * them it is "not found". Withdrawal ends shared copies with every other. When a new version is
 * published, copies shared from the version before are carried over to it, recorded as shared by
 * the same person, if that person is a recipient of the new version and its label still allows
 * the share; so are delegations whose delegate holds a copy of the new version.
 */
@Service
class Shares {

    private final Fingerprints fingerprints;
    private final JdbcClient jdbc;
    private final Advisories advisories;
    private final Membership membership;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final MembershipSettings settings;
    private final Clock clock;

    Shares(JdbcClient jdbc, Advisories advisories, Membership membership, AuditTrail audit, Mailer mailer,
            MembershipSettings settings, Clock clock, Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
        this.jdbc = jdbc;
        this.advisories = advisories;
        this.membership = membership;
        this.audit = audit;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
    }

    /** A copy passed on: to whom, when, and the copy's state. */
    record Shared(String username, OffsetDateTime sharedAt) {}

    /** An executive's delegation; {@code copyGiven} when the delegate received a copy by it. */
    record Delegation(String executive, String delegate, OffsetDateTime delegatedAt, boolean copyGiven) {}

    /**
     * What the reader of a copy may pass on and for whom they act, for the copy page.
     *
     * @param sharedWith the usernames the reader shared this version with
     * @param delegate the security lead the reader (an executive) delegated to, or null
     * @param actingFor the executives who delegated this version to the reader, with their state
     */
    record Passing(Tlp tlp, boolean mayShare, boolean mayDelegate, List<String> sharedWith, String delegate,
            List<Principal> actingFor) {}

    /** An executive a delegate acts for. */
    record Principal(String username, RecipientState state) {}

    /** The copy a person holds of the published version of an advisory that is not withdrawn. */
    private record Holding(int version, Tlp tlp, RecipientState state, UUID delegateId) {}

    /**
     * Whether the holder of a copy labelled {@code tlp} may pass it to {@code target}: empty if so,
     * otherwise why not, in words that are the same whether or not the target exists.
     */
    static Optional<String> refusal(Tlp tlp, Person holder, String username, Person target, Organisation targetOrg) {
        var who = "'" + shorten(username) + "'";
        boolean member = target != null && target.status() == PersonStatus.ACTIVE && targetOrg != null
                && !targetOrg.authority();
        return switch (tlp) {
            case RED -> Optional.of("TLP:RED may not be shared: it is for its named recipients only. "
                    + "Ask the authority if somebody else needs it");
            case AMBER, AMBER_STRICT -> member && targetOrg.isApproved()
                    && target.organisationId().equals(holder.organisationId())
                            ? Optional.empty()
                            : Optional.of(tlp.label() + " may be shared only inside your own organisation: " + who
                                    + " is not one of your colleagues on Tocsin");
            case GREEN -> member && targetOrg.isApproved() ? Optional.empty()
                    : Optional.of("TLP:GREEN may be shared only with members of approved organisations: " + who
                            + " is not one");
            case CLEAR -> member && targetOrg.status() != OrganisationStatus.SUSPENDED ? Optional.empty()
                    : Optional.of(who + " is not a member of Tocsin");
        };
    }

    /** Shares the sharer's copy with the person called {@code username}, who gets a copy of their own. */
    @Transactional
    public Shared share(Person sharer, UUID id, String username) {
        var holding = holding(sharer, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var name = requireUsername("username", username, "the colleague to share with");
        if (holding.tlp() == Tlp.RED) {
            throw Refusal.conflict(refusal(Tlp.RED, sharer, name, null, null).orElseThrow());
        }
        var target = membership.personByUsername(name).orElse(null);
        if (target != null && target.id().equals(sharer.id())) {
            throw Refusal.invalid("username", "You have this advisory already: give a colleague's username");
        }
        var organisation = target == null ? null : membership.organisation(target.organisationId()).orElse(null);
        var refused = refusal(holding.tlp(), sharer, name, target, organisation);
        if (refused.isPresent()) {
            throw Refusal.invalid("username", refused.get());
        }
        var now = now();
        giveCopy(id, holding, sharer, target, now);
        audit.record(sharer.username(), "advisory.shared", target(id), Outcome.SUCCESS,
                "version " + holding.version() + " " + holding.tlp().label() + " with " + target.username());
        return new Shared(target.username(), now);
    }

    /**
     * An executive delegates acknowledging and reporting on actions to a security lead of their own
     * organisation, who gets a copy if they have none (never for TLP:RED, which only its named
     * recipients hold). A later delegation replaces an earlier one.
     */
    @Transactional
    public Delegation delegate(Person executive, UUID id, String username) {
        var holding = holding(executive, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (!executive.hasRole(Role.EXECUTIVE)) {
            throw Refusal.conflict("Only an executive delegates an advisory to a security lead");
        }
        var name = requireUsername("username", username, "the security lead to delegate to");
        var target = membership.personByUsername(name)
                .filter(p -> p.status() == PersonStatus.ACTIVE && p.hasRole(Role.SECURITY_LEAD))
                .filter(p -> p.organisationId().equals(executive.organisationId()) && !p.id().equals(executive.id()))
                .orElseThrow(() -> Refusal.invalid("username", "Delegate to a security lead of your own organisation: '"
                        + shorten(name) + "' is not one"));
        var now = now();
        boolean copyGiven = holding(target, id).isEmpty();
        if (copyGiven) {
            if (holding.tlp() == Tlp.RED) {
                throw Refusal.conflict("TLP:RED cannot be passed on: delegate to a security lead who received this "
                        + "advisory themselves");
            }
            giveCopy(id, holding, executive, target, now);
        }
        jdbc.sql("""
                UPDATE recipient SET delegate_id = :delegate, delegated_at = :now
                WHERE advisory_id = :id AND version = :version AND person_id = :executive""")
                .param("delegate", target.id()).param("now", now).param("id", id).param("version", holding.version())
                .param("executive", executive.id()).update();
        audit.record(executive.username(), "advisory.delegated", target(id), Outcome.SUCCESS,
                "version " + holding.version() + " to " + target.username() + (copyGiven ? ", copy given" : ""));
        return new Delegation(executive.username(), target.username(), now, copyGiven);
    }

    /** The delegate acknowledges the executive's copy on their behalf. */
    @Transactional
    public Copy acknowledgeFor(Person delegate, UUID id, String executive, String comment) {
        return advisories.acknowledge(principal(delegate, id, executive), delegate, id, comment);
    }

    /** The delegate reports on the executive's action {@code n} on their behalf. */
    @Transactional
    public Copy reportFor(Person delegate, UUID id, String executive, int n, String status, String comment) {
        return advisories.report(principal(delegate, id, executive), delegate, id, n, status, comment);
    }

    /** What the reader may pass on and for whom they act; empty if they hold no copy. */
    @Transactional(readOnly = true)
    public Optional<Passing> passing(Person reader, UUID id) {
        return holding(reader, id).map(h -> {
            var sharedWith = jdbc.sql("""
                    SELECT username FROM recipient WHERE advisory_id = :id AND version = :version AND shared_by = :me
                    ORDER BY username""")
                    .param("id", id).param("version", h.version()).param("me", reader.id()).query(String.class).list();
            var delegate = h.delegateId() == null ? null : jdbc.sql("""
                    SELECT username FROM recipient WHERE advisory_id = :id AND version = :version AND person_id = :p""")
                    .param("id", id).param("version", h.version()).param("p", h.delegateId()).query(String.class)
                    .optional().orElseGet(() -> membership.person(h.delegateId()).map(Person::username).orElse(""));
            var actingFor = jdbc.sql("""
                    SELECT username, state FROM recipient WHERE advisory_id = :id AND version = :version
                      AND delegate_id = :me ORDER BY username""")
                    .param("id", id).param("version", h.version()).param("me", reader.id())
                    .query((rs, n) -> new Principal(rs.getString(1), RecipientState.valueOf(rs.getString(2)))).list();
            return new Passing(h.tlp(), h.tlp() != Tlp.RED, reader.hasRole(Role.EXECUTIVE), sharedWith, delegate,
                    actingFor);
        });
    }

    /** Carries the copies shared from the version before over to the one just published, where still allowed. */
    @EventListener
    public void carryOver(VersionPublished published) {
        if (published.previousVersion() == null) {
            return;
        }
        var id = published.advisoryId();
        var onList = new HashSet<>(jdbc.sql("SELECT person_id FROM recipient WHERE advisory_id = :id AND version = :version")
                .param("id", id).param("version", published.version()).query(UUID.class).list());
        record Earlier(UUID person, UUID sharer, OffsetDateTime sharedAt) {}
        var earlier = jdbc.sql("""
                SELECT person_id, shared_by, shared_at FROM recipient
                WHERE advisory_id = :id AND version = :version AND shared_by IS NOT NULL ORDER BY shared_at, person_id""")
                .param("id", id).param("version", published.previousVersion())
                .query((rs, n) -> new Earlier(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class)))
                .list();
        int carried = 0;
        for (var share : earlier) {
            if (onList.contains(share.person()) || !onList.contains(share.sharer())) {
                continue;
            }
            var sharer = membership.person(share.sharer()).orElse(null);
            var target = membership.person(share.person()).orElse(null);
            if (sharer == null || target == null) {
                continue;
            }
            var organisation = membership.organisation(target.organisationId()).orElse(null);
            if (refusal(published.tlp(), sharer, target.username(), target, organisation).isPresent()) {
                continue;
            }
            insertCopy(id, published.version(), target, sharer, share.sharedAt(), published.at());
            mailer.queue(key(id, published.version(), target.id()), target.username(), published.subject(),
                    published.body());
            onList.add(target.id());
            carried++;
        }
        // Delegations carry over where the executive and the delegate both hold a copy of the new version.
        jdbc.sql("""
                UPDATE recipient SET
                    delegate_id = (SELECT o.delegate_id FROM recipient o WHERE o.advisory_id = recipient.advisory_id
                                   AND o.version = :previous AND o.person_id = recipient.person_id),
                    delegated_at = (SELECT o.delegated_at FROM recipient o WHERE o.advisory_id = recipient.advisory_id
                                    AND o.version = :previous AND o.person_id = recipient.person_id)
                WHERE advisory_id = :id AND version = :version AND EXISTS (
                    SELECT 1 FROM recipient o JOIN recipient d ON d.advisory_id = o.advisory_id AND d.version = :version
                                                             AND d.person_id = o.delegate_id
                    WHERE o.advisory_id = recipient.advisory_id AND o.version = :previous
                      AND o.person_id = recipient.person_id)""")
                .param("id", id).param("version", published.version()).param("previous", published.previousVersion())
                .update();
        if (carried > 0) {
            audit.record("advisory.shares-carried-over", target(id), Outcome.SUCCESS,
                    carried + " shared copies carried over to version " + published.version());
        }
    }

    // ----- internals -----

    /** The executive whose copy the delegate acts on; "not found" unless the delegation stands and both hold copies. */
    private Person principal(Person delegate, UUID id, String executive) {
        var mine = holding(delegate, id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var name = requireUsername("executive", executive, "the executive you act for");
        var executiveId = jdbc.sql("""
                SELECT person_id FROM recipient WHERE advisory_id = :id AND version = :version
                  AND username = :username AND delegate_id = :me""")
                .param("id", id).param("version", mine.version()).param("username", name.toLowerCase(java.util.Locale.ROOT))
                .param("me", delegate.id()).query(UUID.class).optional()
                .orElseThrow(() -> Refusal.notFound("Delegation"));
        return membership.person(executiveId).orElseThrow(() -> Refusal.notFound("Delegation"));
    }

    private Optional<Holding> holding(Person person, UUID id) {
        return jdbc.sql("""
                SELECT r.version, v.tlp, r.state, r.delegate_id
                FROM advisory a
                JOIN recipient r ON r.advisory_id = a.id AND r.version = a.published_version
                JOIN advisory_version v ON v.advisory_id = a.id AND v.version = a.published_version
                WHERE a.id = :id AND r.person_id = :person AND a.withdrawn_at IS NULL""")
                .param("id", id).param("person", person.id())
                .query((rs, n) -> new Holding(rs.getInt(1), Tlp.parse(rs.getString(2)),
                        RecipientState.valueOf(rs.getString(3)), rs.getObject(4, UUID.class)))
                .optional();
    }

    /** A copy of the holder's version for {@code target}, recorded as passed on by {@code from}, and its notification. */
    private void giveCopy(UUID id, Holding holding, Person from, Person target, OffsetDateTime now) {
        if (holding(target, id).isPresent()) {
            throw Refusal.conflict("'" + target.username() + "' has a copy of this advisory already");
        }
        try {
            insertCopy(id, holding.version(), target, from, now, now);
        } catch (DuplicateKeyException concurrent) {
            throw Refusal.conflict("'" + target.username() + "' has a copy of this advisory already");
        }
        // The new copy is a child of the giver's, with a fingerprint of its own (issue 4), on record from now.
        fingerprints.recordSharedCopy(id, holding.version(), from, target);
        mailer.queue(key(id, holding.version(), target.id()), target.username(),
                "Tocsin: an advisory has been shared with you [" + holding.tlp().label() + "]", """
                %s

                %s has shared an advisory with you on Tocsin. It is labelled %s: keep to what the label allows.

                Sign in to Tocsin to read it:

                %s/advisories/%s

                This message does not contain the advisory: Tocsin sends advisories by e-mail only when it can \
                encrypt them to you.
                """.formatted(holding.tlp().label(), from.displayName(), holding.tlp().label(), settings.baseUrl(), id));
    }

    private void insertCopy(UUID id, int version, Person target, Person from, OffsetDateTime sharedAt,
            OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO recipient (advisory_id, version, person_id, organisation_id, username, copy_serial,
                                       state, delivered_at, shared_by, shared_at)
                VALUES (:id, :version, :person, :organisation, :username, :serial, 'DELIVERED', :now, :from, :sharedAt)""")
                .param("id", id).param("version", version).param("person", target.id())
                .param("organisation", target.organisationId()).param("username", target.username())
                .param("serial", Advisories.serial()).param("now", now).param("from", from.id())
                .param("sharedAt", sharedAt).update();
    }

    /** The publication's key: a person is told about a version once, however they came to hold it. */
    private static String key(UUID id, int version, UUID person) {
        return "advisory:" + id + ":v" + version + ":" + person;
    }

    private static String requireUsername(String field, String value, String what) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "Enter the username (e-mail address) of " + what);
        }
        var name = value.strip();
        if (name.length() > 254 || name.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid(field, "'" + shorten(name) + "' is not a username: give an e-mail address of at "
                    + "most 254 characters");
        }
        return name;
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    private static String target(UUID id) {
        return "advisory:" + id;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
