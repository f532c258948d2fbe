package org.tocsin.openpgp;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A person's OpenPGP public key that passed every check.
 *
 * @param fingerprint the primary key's fingerprint, upper-case hex
 * @param encryptionKeyId the fingerprint of the (sub)key messages are encrypted to, upper-case hex
 * @param userIds the user ids the key carries, as written in it
 * @param algorithm what the encryption key is, for people ("RSA 3072", "ECDH Curve25519")
 * @param expiresAt when the encryption key stops being usable, or null if it does not expire
 * @param armoured the key again, armoured by Tocsin (nothing but the key itself)
 */
public record RecipientKey(String fingerprint, String encryptionKeyId, List<String> userIds, String algorithm,
        OffsetDateTime createdAt, OffsetDateTime expiresAt, String armoured) {}
