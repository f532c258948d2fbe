package org.tocsin.membership;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.cluster.ClusterLock;
import org.tocsin.mail.Mailer;

/**
 * Sectors, organisations, people and invitations. Every change is audited in the same transaction.
 *
 * <p>This service checks the rules of the data (an authority role only for the authority's people,
 * an approval names an approved sponsor, ...). Who may ask for a change is decided by the callers'
 * declared access rules together with {@link #mayManage(Person, UUID)}.
 */
@Service
public class Membership {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final ClusterLock lock;
    private final Clock clock;
    private final MembershipSettings settings;

    Membership(JdbcClient jdbc, AuditTrail audit, Mailer mailer, ClusterLock lock, Clock clock,
            MembershipSettings settings) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.mailer = mailer;
        this.lock = lock;
        this.clock = clock;
        this.settings = settings;
    }

    // ----- sectors and organisations -----

    @Transactional(readOnly = true)
    public List<Sector> sectors() {
        return jdbc.sql("SELECT slug, name FROM sector ORDER BY name")
                .query((rs, n) -> new Sector(rs.getString(1), rs.getString(2))).list();
    }

    @Transactional(readOnly = true)
    public List<Organisation> organisations(OrganisationStatus status) {
        var rows = jdbc.sql("""
                SELECT id, name, status, is_authority, sponsor_id, applied_at, approved_at, suspended_at
                FROM organisation WHERE status IN (:statuses) ORDER BY name""")
                .param("statuses", status == null ? List.of("APPLIED", "APPROVED", "SUSPENDED") : List.of(status.name()))
                .query((rs, n) -> new Organisation(rs.getObject(1, UUID.class), rs.getString(2),
                        OrganisationStatus.valueOf(rs.getString(3)), rs.getBoolean(4), List.of(),
                        rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class)))
                .list();
        Map<UUID, List<String>> sectors = jdbc.sql(
                "SELECT organisation_id, sector_slug FROM organisation_sector ORDER BY sector_slug")
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return rows.stream().map(o -> withSectors(o, sectors.getOrDefault(o.id(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Organisation> organisation(UUID id) {
        return jdbc.sql("""
                SELECT id, name, status, is_authority, sponsor_id, applied_at, approved_at, suspended_at
                FROM organisation WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Organisation(rs.getObject(1, UUID.class), rs.getString(2),
                        OrganisationStatus.valueOf(rs.getString(3)), rs.getBoolean(4), List.of(),
                        rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class)))
                .optional()
                .map(o -> withSectors(o, sectorsOf(o.id())));
    }

    /** The authority's own organisation, once it has been created by the bootstrap or the demo. */
    @Transactional(readOnly = true)
    public Optional<Organisation> authority() {
        return jdbc.sql("SELECT id FROM organisation WHERE is_authority = TRUE").query(UUID.class).optional()
                .flatMap(this::organisation);
    }

    /** Creates the authority's organisation, approved from the start. There is only ever one. */
    @Transactional
    public Organisation createAuthority(String name) {
        if (authority().isPresent()) {
            throw Refusal.conflict("The authority's organisation exists already");
        }
        var id = insertOrganisation(name, List.of("government"), true);
        jdbc.sql("UPDATE organisation SET status = 'APPROVED', approved_at = applied_at WHERE id = :id")
                .param("id", id).update();
        audit.record("system", "organisation.authority-created", "organisation:" + id, Outcome.SUCCESS, name);
        return organisation(id).orElseThrow();
    }

    /** Records an organisation's application to join; it can do nothing until it is approved. */
    @Transactional
    public Organisation apply(String name, Collection<String> sectorSlugs) {
        var id = insertOrganisation(name, sectorSlugs, false);
        audit.record("organisation.applied", "organisation:" + id, Outcome.SUCCESS,
                name + " in " + String.join(",", new TreeSet<>(sectorSlugs)));
        return organisation(id).orElseThrow();
    }

    /** Admits an applied organisation, sponsored by an approved member organisation or by the authority. */
    @Transactional
    public Organisation approve(UUID organisationId, UUID sponsorId) {
        var organisation = organisation(organisationId).orElseThrow(() -> Refusal.notFound("Organisation"));
        if (organisation.status() != OrganisationStatus.APPLIED) {
            throw Refusal.conflict("Only an organisation that has applied can be approved; "
                    + organisation.name() + " is " + organisation.status().name().toLowerCase(Locale.ROOT));
        }
        if (sponsorId == null) {
            throw Refusal.invalid("sponsor", "Name the sponsoring member organisation or the authority");
        }
        var sponsor = organisation(sponsorId).filter(Organisation::isApproved)
                .orElseThrow(() -> Refusal.invalid("sponsor", "The sponsor must be an approved member organisation or the authority"));
        if (sponsor.id().equals(organisationId)) {
            throw Refusal.invalid("sponsor", "An organisation cannot sponsor itself");
        }
        jdbc.sql("UPDATE organisation SET status = 'APPROVED', sponsor_id = :sponsor, approved_at = :now WHERE id = :id")
                .param("sponsor", sponsorId).param("now", now()).param("id", organisationId).update();
        audit.record("organisation.approved", "organisation:" + organisationId, Outcome.SUCCESS,
                organisation.name() + " sponsored by " + sponsor.name());
        return organisation(organisationId).orElseThrow();
    }

    /** Suspends an organisation: from the next request on, none of its people or tokens work. */
    @Transactional
    public Organisation suspend(UUID organisationId, String reason) {
        var organisation = organisation(organisationId).orElseThrow(() -> Refusal.notFound("Organisation"));
        if (organisation.authority()) {
            throw Refusal.conflict("The authority's own organisation cannot be suspended");
        }
        if (organisation.status() != OrganisationStatus.APPROVED) {
            throw Refusal.conflict("Only an approved organisation can be suspended; " + organisation.name()
                    + " is " + organisation.status().name().toLowerCase(Locale.ROOT));
        }
        requireText("reason", reason, 500);
        jdbc.sql("UPDATE organisation SET status = 'SUSPENDED', suspended_at = :now WHERE id = :id")
                .param("now", now()).param("id", organisationId).update();
        audit.record("organisation.suspended", "organisation:" + organisationId, Outcome.SUCCESS,
                organisation.name() + ": " + reason);
        return organisation(organisationId).orElseThrow();
    }

    @Transactional
    public Organisation reinstate(UUID organisationId) {
        var organisation = organisation(organisationId).orElseThrow(() -> Refusal.notFound("Organisation"));
        if (organisation.status() != OrganisationStatus.SUSPENDED) {
            throw Refusal.conflict("Only a suspended organisation can be reinstated; " + organisation.name()
                    + " is " + organisation.status().name().toLowerCase(Locale.ROOT));
        }
        jdbc.sql("UPDATE organisation SET status = 'APPROVED', suspended_at = NULL WHERE id = :id")
                .param("id", organisationId).update();
        audit.record("organisation.reinstated", "organisation:" + organisationId, Outcome.SUCCESS, organisation.name());
        return organisation(organisationId).orElseThrow();
    }

    // ----- people -----

    @Transactional(readOnly = true)
    public List<Person> people(UUID organisationId) {
        return withRoles(jdbc.sql(PERSON_SELECT + " WHERE organisation_id = :org AND status <> 'REMOVED' ORDER BY display_name")
                .param("org", organisationId).query(this::mapPerson).list());
    }

    @Transactional(readOnly = true)
    public Optional<Person> person(UUID id) {
        return withRoles(jdbc.sql(PERSON_SELECT + " WHERE id = :id").param("id", id).query(this::mapPerson).list())
                .stream().findFirst();
    }

    @Transactional(readOnly = true)
    public Optional<Person> personByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return withRoles(jdbc.sql(PERSON_SELECT + " WHERE username = :username")
                .param("username", username.toLowerCase(Locale.ROOT)).query(this::mapPerson).list())
                .stream().findFirst();
    }

    /**
     * The person behind a username if they may use Tocsin right now: active, in an approved
     * organisation. Checked on every request, so a suspension takes effect at once.
     */
    @Transactional(readOnly = true)
    public Optional<Person> activePerson(String username) {
        if (username == null) {
            return Optional.empty();
        }
        // One statement, as it runs on every request: the person, their organisation's status and their roles.
        var rows = jdbc.sql("""
                SELECT p.id, p.organisation_id, p.username, p.display_name, p.status, p.created_at, p.last_active_at, r.role
                FROM person p JOIN organisation o ON o.id = p.organisation_id AND o.status = 'APPROVED'
                LEFT JOIN person_role r ON r.person_id = p.id
                WHERE p.username = :username AND p.status = 'ACTIVE'""")
                .param("username", username.toLowerCase(Locale.ROOT))
                .query((rs, n) -> Map.entry(mapPerson(rs, n), Optional.ofNullable(rs.getString(8)).map(Role::valueOf)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var roles = EnumSet.noneOf(Role.class);
        rows.forEach(row -> row.getValue().ifPresent(roles::add));
        var p = rows.get(0).getKey();
        return Optional.of(new Person(p.id(), p.organisationId(), p.username(), p.displayName(), p.status(),
                Set.copyOf(roles), p.createdAt(), p.lastActiveAt()));
    }

    /**
     * The people an audience reaches at this moment: active people of approved member
     * organisations (never the authority's own) who work in one of the sectors, belong to one of
     * the organisations or are named, and, when any roles are given, hold at least one of them.
     * Ordered by username.
     */
    @Transactional(readOnly = true)
    public List<Person> reach(Collection<String> sectors, Collection<UUID> organisations, Collection<UUID> people,
            Collection<Role> roles) {
        // An empty IN () is not SQL; a value that matches nothing stands in for an empty list.
        var none = new UUID(0, 0);
        return withRoles(jdbc.sql("""
                SELECT p.id, p.organisation_id, p.username, p.display_name, p.status, p.created_at, p.last_active_at
                FROM person p JOIN organisation o ON o.id = p.organisation_id
                WHERE p.status = 'ACTIVE' AND o.status = 'APPROVED' AND o.is_authority = FALSE
                  AND (p.organisation_id IN (SELECT organisation_id FROM organisation_sector WHERE sector_slug IN (:sectors))
                       OR p.organisation_id IN (:organisations) OR p.id IN (:people))
                  AND (:everyRole OR p.id IN (SELECT person_id FROM person_role WHERE role IN (:roles)))
                ORDER BY p.username""")
                .param("sectors", sectors.isEmpty() ? List.of("") : List.copyOf(sectors))
                .param("organisations", organisations.isEmpty() ? List.of(none) : List.copyOf(organisations))
                .param("people", people.isEmpty() ? List.of(none) : List.copyOf(people))
                .param("everyRole", roles.isEmpty())
                .param("roles", roles.isEmpty() ? List.of("") : roles.stream().map(Role::name).toList())
                .query(this::mapPerson).list());
    }

    @Transactional(readOnly = true)
    public boolean isOrganisationApproved(UUID organisationId) {
        return jdbc.sql("SELECT COUNT(*) FROM organisation WHERE id = :id AND status = 'APPROVED'")
                .param("id", organisationId).query(Integer.class).single() == 1;
    }

    /** Adds a person directly (bootstrap, demo data, accepted invitations). */
    @Transactional
    public Person addPerson(UUID organisationId, String email, String displayName, Set<Role> roles) {
        var organisation = organisation(organisationId).orElseThrow(() -> Refusal.notFound("Organisation"));
        var username = requireEmail("email", email);
        requireText("displayName", displayName, 100);
        checkRoles(organisation, roles);
        if (personByUsername(username).isPresent()) {
            throw Refusal.invalid("email", "Someone with this e-mail address is already a member");
        }
        var id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO person (id, organisation_id, username, display_name, status, created_at, last_active_at)
                VALUES (:id, :org, :username, :name, 'ACTIVE', :now, :now)""")
                .param("id", id).param("org", organisationId).param("username", username)
                .param("name", displayName.strip()).param("now", now()).update();
        insertRoles(id, roles);
        audit.record("person.added", "person:" + username, Outcome.SUCCESS,
                "to " + organisation.name() + " as " + roleList(roles));
        return person(id).orElseThrow();
    }

    @Transactional
    public Person setRoles(UUID personId, Set<Role> roles) {
        var person = person(personId).filter(p -> p.status() != PersonStatus.REMOVED)
                .orElseThrow(() -> Refusal.notFound("Person"));
        checkRoles(organisation(person.organisationId()).orElseThrow(), roles);
        jdbc.sql("DELETE FROM person_role WHERE person_id = :id").param("id", personId).update();
        insertRoles(personId, roles);
        audit.record("person.roles-changed", "person:" + person.username(), Outcome.SUCCESS,
                roleList(person.roles()) + " -> " + roleList(roles));
        return person(personId).orElseThrow();
    }

    @Transactional
    public Person suspendPerson(UUID personId, String reason) {
        requireText("reason", reason, 500);
        return changeStatus(personId, PersonStatus.ACTIVE, PersonStatus.SUSPENDED, "person.suspended", reason);
    }

    @Transactional
    public Person reinstatePerson(UUID personId) {
        return changeStatus(personId, PersonStatus.SUSPENDED, PersonStatus.ACTIVE, "person.reinstated", "");
    }

    /** Removes a person from their organisation; the record stays for the audit trail. */
    @Transactional
    public Person removePerson(UUID personId) {
        var person = person(personId).filter(p -> p.status() != PersonStatus.REMOVED)
                .orElseThrow(() -> Refusal.notFound("Person"));
        jdbc.sql("UPDATE person SET status = 'REMOVED' WHERE id = :id").param("id", personId).update();
        audit.record("person.removed", "person:" + person.username(), Outcome.SUCCESS, "");
        return person(personId).orElseThrow();
    }

    /** Notes that a person used Tocsin; written at most once an hour per person. */
    @Transactional
    public void touch(UUID personId) {
        var now = now();
        jdbc.sql("UPDATE person SET last_active_at = :now WHERE id = :id AND last_active_at < :hourAgo")
                .param("now", now).param("id", personId).param("hourAgo", now.minusHours(1)).update();
    }

    /** Suspends every active account unused for longer than the configured idle period. */
    @Transactional
    public int suspendIdle() {
        var cutoff = now().minus(settings.idleSuspension());
        var idle = jdbc.sql("SELECT id, username FROM person WHERE status = 'ACTIVE' AND last_active_at < :cutoff")
                .param("cutoff", cutoff)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list();
        for (var person : idle) {
            jdbc.sql("UPDATE person SET status = 'SUSPENDED' WHERE id = :id").param("id", person.getKey()).update();
            audit.record("system", "person.suspended", "person:" + person.getValue(), Outcome.SUCCESS,
                    "idle for longer than " + settings.idleSuspension().toDays() + " days");
        }
        return idle.size();
    }

    @Scheduled(fixedDelayString = "${tocsin.membership.idle-check-interval:1h}", initialDelayString = "1m")
    void suspendIdleAccounts() {
        lock.runExclusively("idle-suspension", Duration.ofMinutes(30), this::suspendIdle);
    }

    /**
     * Whether {@code actor} may manage the people of an organisation: the authority's
     * administrators may manage any, an organisation's own admin only their own.
     */
    public boolean mayManage(Person actor, UUID organisationId) {
        if (actor.hasRole(Role.ADMIN)) {
            return true;
        }
        return actor.hasRole(Role.ORG_ADMIN) && actor.organisationId().equals(organisationId);
    }

    // ----- invitations -----

    /**
     * Invites someone by e-mail to join an organisation. The link in the e-mail works once and
     * expires; only its hash is stored. An address that is already a member's is refused, except
     * that an organisation admin is not told of a member of another organisation (see below).
     */
    @Transactional
    public Invitation invite(Person inviter, UUID organisationId, String email, String displayName, Set<Role> roles) {
        if (!mayManage(inviter, organisationId)) {
            throw Refusal.notFound("Organisation");
        }
        var organisation = organisation(organisationId).filter(Organisation::isApproved)
                .orElseThrow(() -> Refusal.conflict("People can be invited only to an approved organisation"));
        var address = requireEmail("email", email);
        requireText("displayName", displayName, 100);
        checkRoles(organisation, roles);
        var existing = personByUsername(address);
        if (existing.isPresent()
                && (inviter.hasRole(Role.ADMIN) || existing.get().organisationId().equals(organisationId))) {
            throw Refusal.invalid("email", "Someone with this e-mail address is already a member");
        }
        var name = displayName.strip();
        var token = randomToken();
        var now = now();
        var invitation = new Invitation(UUID.randomUUID(), organisationId, address, name, roles, now,
                now.plus(settings.invitationValidity()));
        if (existing.isPresent()) {
            // The address belongs to a member of another organisation, which an organisation admin
            // may not learn: the invitation looks sent like any other and is listed as open, but
            // the hash stored is of a token nobody was given, and only the person is told.
            insert(invitation, sha256(randomToken()), inviter);
            mailer.queue("invitation:" + invitation.id(), address, "An invitation to Tocsin you need not answer", """
                    %s,

                    %s has invited you to join %s on Tocsin. Your e-mail address already belongs to your
                    account with another organisation, and an address can belong to one organisation only,
                    so this invitation cannot be accepted and there is nothing for you to do.

                    Nobody at %s has been told that you have an account. If you are moving to %s, ask the
                    authority to move your account.
                    """.formatted(name, inviter.displayName(), organisation.name(), organisation.name(),
                    organisation.name()));
            audit.record("invitation.to-member-elsewhere", "person:" + address, Outcome.DENIED,
                    "to " + organisation.name() + " as " + roleList(roles) + "; the inviter was not told");
            return invitation;
        }
        insert(invitation, sha256(token), inviter);
        mailer.queue("invitation:" + invitation.id(), address, "You are invited to join Tocsin", """
                %s,

                %s has invited you to join %s on Tocsin, the secure warning service for critical national infrastructure.

                To accept, open this link within %d days and choose a password:

                %s/invitations/%s

                If you did not expect this invitation, ignore this message.
                """.formatted(name, inviter.displayName(), organisation.name(),
                settings.invitationValidity().toDays(), settings.baseUrl(), token));
        audit.record("invitation.sent", "person:" + address, Outcome.SUCCESS,
                "to " + organisation.name() + " as " + roleList(roles));
        return invitation;
    }

    private void insert(Invitation invitation, String tokenHash, Person inviter) {
        jdbc.sql("""
                INSERT INTO invitation (id, organisation_id, email, display_name, roles, token_hash, invited_by,
                                        created_at, expires_at)
                VALUES (:id, :org, :email, :name, :roles, :hash, :by, :now, :expires)""")
                .param("id", invitation.id()).param("org", invitation.organisationId()).param("email", invitation.email())
                .param("name", invitation.displayName()).param("roles", roleList(invitation.roles()))
                .param("hash", tokenHash).param("by", inviter.id()).param("now", invitation.createdAt())
                .param("expires", invitation.expiresAt()).update();
    }

    @Transactional(readOnly = true)
    public List<Invitation> openInvitations(UUID organisationId) {
        return jdbc.sql("""
                SELECT id, organisation_id, email, display_name, roles, created_at, expires_at FROM invitation
                WHERE organisation_id = :org AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now
                ORDER BY created_at DESC""")
                .param("org", organisationId).param("now", now())
                .query((rs, n) -> new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), parseRoles(rs.getString(5)),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    /** The open invitation behind a link's token, if it is still valid. */
    @Transactional(readOnly = true)
    public Optional<Invitation> invitation(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT id, organisation_id, email, display_name, roles, created_at, expires_at FROM invitation
                WHERE token_hash = :hash AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .param("hash", sha256(token)).param("now", now())
                .query((rs, n) -> new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), parseRoles(rs.getString(5)),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)))
                .optional();
    }

    /**
     * Accepts an invitation: marks it used (once only, even under concurrent requests) and adds the
     * person. The caller sets their credentials in the same transaction.
     */
    @Transactional
    public Person accept(String token) {
        var invitation = invitation(token).orElseThrow(() -> Refusal.notFound("Invitation"));
        int claimed = jdbc.sql("UPDATE invitation SET accepted_at = :now WHERE id = :id AND accepted_at IS NULL")
                .param("now", now()).param("id", invitation.id()).update();
        if (claimed != 1) {
            throw Refusal.notFound("Invitation");
        }
        if (!isOrganisationApproved(invitation.organisationId())) {
            throw Refusal.notFound("Invitation");
        }
        return addPerson(invitation.organisationId(), invitation.email(), invitation.displayName(), invitation.roles());
    }

    @Transactional
    public void revokeInvitation(Person actor, UUID invitationId) {
        var organisationId = jdbc.sql("SELECT organisation_id FROM invitation WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
                .param("id", invitationId).query(UUID.class).optional()
                .filter(org -> mayManage(actor, org))
                .orElseThrow(() -> Refusal.notFound("Invitation"));
        jdbc.sql("UPDATE invitation SET revoked_at = :now WHERE id = :id").param("now", now()).param("id", invitationId).update();
        audit.record("invitation.revoked", "organisation:" + organisationId, Outcome.SUCCESS, invitationId.toString());
    }

    // ----- parsing and checks shared by the pages and the API -----

    /** Reads role names, refusing unknown ones with a message that lists the valid names. */
    public static Set<Role> parseRoles(Collection<String> names, String field) {
        if (names == null || names.isEmpty()) {
            throw Refusal.invalid(field, "Choose at least one role");
        }
        var roles = EnumSet.noneOf(Role.class);
        for (var name : names) {
            try {
                roles.add(Role.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid(field, "'" + AuditTrailText.shorten(name) + "' is not a role; expected one of "
                        + java.util.Arrays.toString(Role.values()));
            }
        }
        return roles;
    }

    private static Set<Role> parseRoles(String stored) {
        return parseRoles(List.of(stored.split(",")), "roles");
    }

    private void checkRoles(Organisation organisation, Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw Refusal.invalid("roles", "Choose at least one role");
        }
        for (var role : roles) {
            if (role.isAuthorityRole() != organisation.authority()) {
                throw Refusal.invalid("roles", organisation.authority()
                        ? "People of the authority hold authority roles (AUTHOR, APPROVER, ADMIN, AUDITOR), not " + role
                        : "People of member organisations hold member roles (EXECUTIVE, SECURITY_LEAD, ANALYST, ORG_ADMIN), not " + role);
            }
        }
    }

    private UUID insertOrganisation(String name, Collection<String> sectorSlugs, boolean authority) {
        requireText("name", name, 200);
        if (sectorSlugs == null || sectorSlugs.isEmpty()) {
            throw Refusal.invalid("sectors", "Choose at least one sector");
        }
        var known = sectors().stream().map(Sector::slug).collect(Collectors.toSet());
        for (var slug : sectorSlugs) {
            if (!known.contains(slug)) {
                throw Refusal.invalid("sectors", "'" + AuditTrailText.shorten(slug) + "' is not a sector; expected one of "
                        + new TreeSet<>(known));
            }
        }
        int clash = jdbc.sql("SELECT COUNT(*) FROM organisation WHERE LOWER(name) = :name")
                .param("name", name.strip().toLowerCase(Locale.ROOT)).query(Integer.class).single();
        if (clash > 0) {
            throw Refusal.invalid("name", "An organisation with this name exists already");
        }
        var id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO organisation (id, name, status, is_authority, applied_at)
                VALUES (:id, :name, 'APPLIED', :authority, :now)""")
                .param("id", id).param("name", name.strip()).param("authority", authority).param("now", now()).update();
        for (var slug : new TreeSet<>(sectorSlugs)) {
            jdbc.sql("INSERT INTO organisation_sector (organisation_id, sector_slug) VALUES (:id, :slug)")
                    .param("id", id).param("slug", slug).update();
        }
        return id;
    }

    private Person changeStatus(UUID personId, PersonStatus from, PersonStatus to, String action, String reason) {
        var person = person(personId).orElseThrow(() -> Refusal.notFound("Person"));
        if (person.status() != from) {
            throw Refusal.conflict(person.displayName() + " is " + person.status().name().toLowerCase(Locale.ROOT));
        }
        jdbc.sql("UPDATE person SET status = :to, last_active_at = :now WHERE id = :id")
                .param("to", to.name()).param("now", now()).param("id", personId).update();
        audit.record(action, "person:" + person.username(), Outcome.SUCCESS, reason);
        return person(personId).orElseThrow();
    }

    private void insertRoles(UUID personId, Set<Role> roles) {
        for (var role : roles) {
            jdbc.sql("INSERT INTO person_role (person_id, role) VALUES (:id, :role)")
                    .param("id", personId).param("role", role.name()).update();
        }
    }

    private List<String> sectorsOf(UUID organisationId) {
        return jdbc.sql("SELECT sector_slug FROM organisation_sector WHERE organisation_id = :id ORDER BY sector_slug")
                .param("id", organisationId).query(String.class).list();
    }

    private static Organisation withSectors(Organisation o, List<String> sectors) {
        return new Organisation(o.id(), o.name(), o.status(), o.authority(), List.copyOf(sectors), o.sponsorId(),
                o.appliedAt(), o.approvedAt(), o.suspendedAt());
    }

    private static final String PERSON_SELECT = """
            SELECT id, organisation_id, username, display_name, status, created_at, last_active_at FROM person""";

    private Person mapPerson(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Person(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                PersonStatus.valueOf(rs.getString(5)), Set.of(), rs.getObject(6, OffsetDateTime.class),
                rs.getObject(7, OffsetDateTime.class));
    }

    private static final int ROLE_SLICE = 500;

    private List<Person> withRoles(List<Person> people) {
        if (people.isEmpty()) {
            return people;
        }
        var ids = people.stream().map(Person::id).toList();
        Map<UUID, Set<Role>> roles = new HashMap<>();
        // In slices: given thousands of ids at once (an advisory's audience), H2 scans the table and
        // compares every row with every id; a slice of a few hundred is looked up in the index.
        for (int from = 0; from < ids.size(); from += ROLE_SLICE) {
            jdbc.sql("SELECT person_id, role FROM person_role WHERE person_id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + ROLE_SLICE)))
                    .query(rs -> {
                        roles.computeIfAbsent(rs.getObject(1, UUID.class), k -> EnumSet.noneOf(Role.class))
                                .add(Role.valueOf(rs.getString(2)));
                    });
        }
        return people.stream().map(p -> new Person(p.id(), p.organisationId(), p.username(), p.displayName(), p.status(),
                Set.copyOf(roles.getOrDefault(p.id(), EnumSet.noneOf(Role.class))), p.createdAt(), p.lastActiveAt()))
                .toList();
    }

    private static String requireEmail(String field, String email) {
        if (email == null || email.isBlank()) {
            throw Refusal.invalid(field, "Enter an e-mail address");
        }
        var address = email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw Refusal.invalid(field, "Enter an e-mail address in the correct format, like name@example.org");
        }
        return address;
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "Enter a " + field);
        }
        if (value.strip().length() > max) {
            throw Refusal.invalid(field, "Use at most " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid(field, "Remove line breaks and control characters");
        }
    }

    private static String roleList(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static String randomToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Keeps echoed user input short in messages. */
    private static final class AuditTrailText {
        static String shorten(String value) {
            var v = String.valueOf(value);
            return v.length() <= 40 ? v : v.substring(0, 40) + "…";
        }
    }
}
