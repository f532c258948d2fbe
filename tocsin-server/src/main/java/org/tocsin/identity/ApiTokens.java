package org.tocsin.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Personal API tokens for machines. A token is shown once when it is created; only its SHA-256
 * hash is stored (a token is 256 random bits, so a fast hash is enough). Tokens expire, can be
 * revoked, and can be limited to reading.
 */
@Service
public class ApiTokens {

    static final String PREFIX = "tcn_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentitySettings settings;

    ApiTokens(JdbcClient jdbc, AuditTrail audit, Clock clock, IdentitySettings settings) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** A token as listed to its owner: never the secret itself. */
    public record ApiToken(UUID id, String name, boolean readOnly, OffsetDateTime createdAt, OffsetDateTime expiresAt,
            OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {

        public boolean isUsable(OffsetDateTime now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** A newly created token with its secret, which is never shown again. */
    public record IssuedToken(ApiToken token, String secret) {}

    @Transactional
    public IssuedToken create(Person owner, String name, Duration validity, boolean readOnly) {
        if (name == null || name.isBlank()) {
            throw Refusal.invalid("name", "Enter a name that says what the token is for");
        }
        if (name.strip().length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("name", "Use at most 100 characters, without line breaks");
        }
        if (validity == null || validity.isNegative() || validity.isZero() || validity.compareTo(settings.maxTokenValidity()) > 0) {
            throw Refusal.invalid("expiresInDays", "Choose between 1 and " + settings.maxTokenValidity().toDays() + " days");
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var id = UUID.randomUUID();
        var now = now();
        jdbc.sql("""
                INSERT INTO api_token (id, person_id, name, token_hash, read_only, created_at, expires_at)
                VALUES (:id, :person, :name, :hash, :readOnly, :now, :expires)""")
                .param("id", id).param("person", owner.id()).param("name", name.strip())
                .param("hash", Credentials.sha256(secret)).param("readOnly", readOnly).param("now", now)
                .param("expires", now.plus(validity)).update();
        audit.record(owner.username(), "token.created", "person:" + owner.username(), Outcome.SUCCESS,
                name.strip() + (readOnly ? " (read-only)" : "") + ", expires in " + validity.toDays() + " days");
        return new IssuedToken(new ApiToken(id, name.strip(), readOnly, now, now.plus(validity), null, null), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> tokensOf(Person owner) {
        return jdbc.sql("""
                SELECT id, name, read_only, created_at, expires_at, revoked_at, last_used_at
                FROM api_token WHERE person_id = :person ORDER BY created_at DESC""")
                .param("person", owner.id())
                .query((rs, n) -> new ApiToken(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    /** Revokes one of the owner's own tokens; another person's token is "not found". */
    @Transactional
    public void revoke(Person owner, UUID tokenId) {
        int revoked = jdbc.sql("UPDATE api_token SET revoked_at = :now WHERE id = :id AND person_id = :person AND revoked_at IS NULL")
                .param("now", now()).param("id", tokenId).param("person", owner.id()).update();
        if (revoked != 1) {
            throw Refusal.notFound("Token");
        }
        audit.record(owner.username(), "token.revoked", "person:" + owner.username(), Outcome.SUCCESS, tokenId.toString());
    }

    /** The username and read-only flag behind a presented secret, if it is a usable token. */
    @Transactional
    Optional<Holder> holder(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        var now = now();
        var minuteAgo = now.minusMinutes(1);
        var found = jdbc.sql("""
                SELECT t.id, p.username, t.read_only, t.last_used_at FROM api_token t JOIN person p ON p.id = t.person_id
                WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND t.expires_at > :now""")
                .param("hash", Credentials.sha256(secret)).param("now", now)
                .query((rs, n) -> new Used(new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)),
                        rs.getObject(4, OffsetDateTime.class)))
                .optional();
        // Written at most once a minute, so most requests write nothing.
        found.filter(f -> f.lastUsedAt() == null || f.lastUsedAt().isBefore(minuteAgo)).ifPresent(f -> jdbc.sql("""
                UPDATE api_token SET last_used_at = :now
                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :minuteAgo)""")
                .param("now", now).param("id", f.holder().tokenId()).param("minuteAgo", minuteAgo).update());
        return found.map(Used::holder);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    record Holder(UUID tokenId, String username, boolean readOnly) {}

    private record Used(Holder holder, OffsetDateTime lastUsedAt) {}
}
