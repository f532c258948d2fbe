package org.tocsin.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Refusal;

/**
 * A person's secrets: the password (Argon2id hash), the TOTP seed (encrypted), single-use recovery
 * codes (hashed), and the count of failed sign-in steps that locks the account.
 */
@Service
public class Credentials {

    static final int RECOVERY_CODES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> COMMON = List.of("password", "123456", "qwerty", "letmein", "welcome",
            "iloveyou", "admin", "monkey", "dragon", "football", "baseball", "abc123", "tocsin", "changeme");

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final SecretBox box;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentitySettings settings;

    Credentials(JdbcClient jdbc, PasswordEncoder encoder, SecretBox box, AuditTrail audit, Clock clock,
            IdentitySettings settings) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** Sets a person's password after checking it against the password rules. */
    @Transactional
    public void setPassword(UUID personId, String username, String password) {
        checkPassword(username, password);
        var hash = encoder.encode(password);
        int updated = jdbc.sql("UPDATE credential SET password_hash = :hash WHERE person_id = :id")
                .param("hash", hash).param("id", personId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO credential (person_id, password_hash) VALUES (:id, :hash)")
                    .param("id", personId).param("hash", hash).update();
        }
    }

    /** Refuses passwords that are too short, too long, common, or contain the username. */
    static void checkPassword(String username, String password) {
        if (password == null || password.isEmpty()) {
            throw Refusal.invalid("password", "Enter a password");
        }
        if (password.codePointCount(0, password.length()) < 12) {
            throw Refusal.invalid("password", "Use at least 12 characters; a few unrelated words make a good password");
        }
        if (password.length() > 128) {
            throw Refusal.invalid("password", "Use at most 128 characters");
        }
        var lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT).split("@")[0])) {
            throw Refusal.invalid("password", "Do not use your username in your password");
        }
        if (COMMON.stream().anyMatch(lower::contains) && lower.chars().distinct().count() < 8) {
            throw Refusal.invalid("password", "This password is too easy to guess");
        }
    }

    @Transactional(readOnly = true)
    Optional<Stored> stored(UUID personId) {
        return jdbc.sql("""
                SELECT password_hash, totp_secret, totp_pending_secret, failed_attempts, locked_until
                FROM credential WHERE person_id = :id""")
                .param("id", personId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2) != null, rs.getString(3) != null,
                        rs.getInt(4), rs.getObject(5, OffsetDateTime.class)))
                .optional();
    }

    boolean passwordMatches(String raw, String hash) {
        return encoder.matches(raw, hash);
    }

    boolean isLocked(Stored stored) {
        return stored.lockedUntil() != null && stored.lockedUntil().isAfter(now());
    }

    /** Counts a failed step; the threshold-th failure in a row locks the account for a while. */
    @Transactional
    public void recordFailure(UUID personId, String username) {
        jdbc.sql("UPDATE credential SET failed_attempts = failed_attempts + 1 WHERE person_id = :id")
                .param("id", personId).update();
        int failures = jdbc.sql("SELECT failed_attempts FROM credential WHERE person_id = :id")
                .param("id", personId).query(Integer.class).optional().orElse(0);
        if (failures >= settings.lockoutThreshold()) {
            jdbc.sql("UPDATE credential SET failed_attempts = 0, locked_until = :until WHERE person_id = :id")
                    .param("until", now().plus(settings.lockoutDuration())).param("id", personId).update();
            audit.record(username, "account.locked", "person:" + username, Outcome.SUCCESS,
                    failures + " failed sign-in steps in a row; locked for " + settings.lockoutDuration().toMinutes() + " minutes");
        }
    }

    @Transactional
    public void recordSuccess(UUID personId) {
        jdbc.sql("UPDATE credential SET failed_attempts = 0, locked_until = NULL WHERE person_id = :id")
                .param("id", personId).update();
    }

    // ----- TOTP -----

    /** Starts enrolment: a new secret, kept encrypted until the person proves they hold it. */
    @Transactional
    public String beginTotpEnrolment(UUID personId) {
        var secret = Totp.newSecret();
        jdbc.sql("UPDATE credential SET totp_pending_secret = :secret WHERE person_id = :id AND totp_secret IS NULL")
                .param("secret", box.seal(secret)).param("id", personId).update();
        return secret;
    }

    /** The secret being enrolled, if enrolment has begun and not finished. */
    @Transactional(readOnly = true)
    Optional<String> pendingSecret(UUID personId) {
        return jdbc.sql("SELECT totp_pending_secret FROM credential WHERE person_id = :id AND totp_secret IS NULL")
                .param("id", personId).query(String.class).optional().filter(s -> s != null).map(box::open);
    }

    /**
     * Finishes enrolment if {@code code} is right for the pending secret, and issues fresh recovery
     * codes, which are returned in clear this once.
     *
     * @return the recovery codes, or empty if the code was wrong
     */
    @Transactional
    public Optional<List<String>> confirmTotpEnrolment(UUID personId, String username, String code) {
        var secret = pendingSecret(personId);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        long step = Totp.matchingStep(secret.get(), normaliseCode(code), clock.instant());
        if (step < 0) {
            return Optional.empty();
        }
        int done = jdbc.sql("""
                UPDATE credential SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                       totp_enrolled_at = :now, totp_last_step = :step
                WHERE person_id = :id AND totp_secret IS NULL AND totp_pending_secret IS NOT NULL""")
                .param("now", now()).param("step", step).param("id", personId).update();
        if (done != 1) {
            return Optional.empty();
        }
        var codes = issueRecoveryCodes(personId);
        audit.record(username, "second-factor.enrolled", "person:" + username, Outcome.SUCCESS, "TOTP");
        return Optional.of(codes);
    }

    /**
     * Checks a second-factor code: a TOTP code not used before, or an unused recovery code. Each is
     * consumed atomically, so of several concurrent uses of one code exactly one succeeds.
     */
    @Transactional
    public boolean verifySecondFactor(UUID personId, String username, String input) {
        var code = normaliseCode(input);
        if (code.matches("\\d{6}")) {
            var sealed = jdbc.sql("SELECT totp_secret FROM credential WHERE person_id = :id")
                    .param("id", personId).query(String.class).optional().filter(s -> s != null);
            if (sealed.isEmpty()) {
                return false;
            }
            long step = Totp.matchingStep(box.open(sealed.get()), code, clock.instant());
            return step >= 0 && jdbc.sql("""
                    UPDATE credential SET totp_last_step = :step WHERE person_id = :id AND totp_last_step < :step""")
                    .param("step", step).param("id", personId).update() == 1;
        }
        if (code.length() == 10) {
            boolean used = jdbc.sql("""
                    UPDATE recovery_code SET used_at = :now
                    WHERE person_id = :id AND code_hash = :hash AND used_at IS NULL""")
                    .param("now", now()).param("id", personId).param("hash", sha256(code)).update() == 1;
            if (used) {
                audit.record(username, "second-factor.recovery-code-used", "person:" + username, Outcome.SUCCESS,
                        remainingRecoveryCodes(personId) + " recovery codes left");
            }
            return used;
        }
        return false;
    }

    @Transactional(readOnly = true)
    public int remainingRecoveryCodes(UUID personId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE person_id = :id AND used_at IS NULL")
                .param("id", personId).query(Integer.class).single();
    }

    /** Replaces all recovery codes with new ones, returned in clear this once. */
    @Transactional
    public List<String> issueRecoveryCodes(UUID personId) {
        jdbc.sql("DELETE FROM recovery_code WHERE person_id = :id").param("id", personId).update();
        var codes = new ArrayList<String>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            var bytes = new byte[7];
            RANDOM.nextBytes(bytes);
            var code = Totp.base32(bytes).substring(0, 10).toLowerCase(Locale.ROOT);
            jdbc.sql("INSERT INTO recovery_code (person_id, code_hash) VALUES (:id, :hash)")
                    .param("id", personId).param("hash", sha256(code)).update();
            codes.add(code.substring(0, 5) + "-" + code.substring(5));
        }
        return codes;
    }

    /** Codes are accepted with spaces or dashes and in either case, as people type them. */
    static String normaliseCode(String input) {
        if (input == null) {
            return "";
        }
        var code = input.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return code.length() > 20 ? "" : code;
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

    record Stored(String passwordHash, boolean totpEnrolled, boolean totpPending, int failedAttempts,
            OffsetDateTime lockedUntil) {}
}
