package org.tocsin.openpgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The service's OpenPGP signing key: an Ed25519 key made by the first instance that needs it and
 * kept in the database, so every instance signs with the same key. Its secret part is stored
 * encrypted by OpenPGP itself (AES-256, iterated and salted S2K) under a passphrase that is the
 * service's secret ({@code TOCSIN_SECRET_KEY}, or {@code tocsin.openpgp.passphrase}); production
 * refuses to start without one. Only in the default mode without any secret configured is the key
 * stored unprotected, in the local database beside the generated secret file.
 */
@Component
class ServiceKey {

    record Loaded(PGPPublicKey publicKey, PGPPrivateKey privateKey, String fingerprint, String armouredPublicKey) {}

    private static final int ID = 1;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String passphrase;
    private final String userId;
    private volatile Loaded loaded;

    ServiceKey(JdbcClient jdbc, Clock clock, Environment environment,
            @Value("${tocsin.openpgp.passphrase:${tocsin.identity.secret-key:}}") String passphrase,
            @Value("${tocsin.mail.from:tocsin@localhost}") String from) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.passphrase = passphrase == null || passphrase.isBlank() ? null : passphrase.strip();
        if (this.passphrase == null && environment.acceptsProfiles(Profiles.of("production"))) {
            throw new IllegalStateException("Production mode needs TOCSIN_SECRET_KEY (or tocsin.openpgp.passphrase) "
                    + "to protect the service's OpenPGP key");
        }
        this.userId = "Tocsin <" + from.strip() + ">";
    }

    Loaded get() {
        var key = loaded;
        if (key == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = loadOrCreate();
                }
                key = loaded;
            }
        }
        return key;
    }

    private Loaded loadOrCreate() {
        var stored = stored();
        if (stored == null) {
            try {
                jdbc.sql("""
                        INSERT INTO openpgp_service_key (id, secret_key, fingerprint, created_at)
                        VALUES (:id, :secret, :fingerprint, :now)""")
                        .param("id", ID).param("secret", generate()).param("fingerprint", "pending")
                        .param("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)).update();
            } catch (DuplicateKeyException madeElsewhere) {
                // another instance made it first: use theirs
            }
            stored = stored();
        }
        var key = open(stored);
        jdbc.sql("UPDATE openpgp_service_key SET fingerprint = :fingerprint WHERE id = :id AND fingerprint = 'pending'")
                .param("fingerprint", key.fingerprint()).param("id", ID).update();
        return key;
    }

    private String stored() {
        return jdbc.sql("SELECT secret_key FROM openpgp_service_key WHERE id = :id").param("id", ID)
                .query(String.class).optional().orElse(null);
    }

    private String generate() {
        try {
            var generator = new Ed25519KeyPairGenerator();
            generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
                    generator.generateKeyPair(), Date.from(clock.instant()));
            var sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            var sha256 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256);
            var hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            hashed.setPreferredSymmetricAlgorithms(false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            var protector = passphrase == null ? null
                    : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha256, 0xC0)
                            .build(passphrase.toCharArray());
            var rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId, sha1, hashed.generate(),
                    null, new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                    protector);
            var out = new ByteArrayOutputStream();
            try (var armour = OpenPgp.armoured(out)) {
                rings.generateSecretKeyRing().encode(armour);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Could not make the service's OpenPGP key", e);
        }
    }

    private Loaded open(String armoured) {
        try (var in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            var ring = new PGPSecretKeyRing(in, new org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator());
            var secret = ring.getSecretKey();
            PGPPrivateKey privateKey;
            try {
                privateKey = secret.extractPrivateKey(passphrase == null ? null
                        : new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase.toCharArray()));
            } catch (PGPException e) {
                throw new IllegalStateException("The service's OpenPGP key in the database cannot be opened with the "
                        + "configured secret (TOCSIN_SECRET_KEY or tocsin.openpgp.passphrase): was the secret changed?", e);
            }
            var publicKey = secret.getPublicKey();
            var out = new ByteArrayOutputStream();
            try (var armour = OpenPgp.armoured(out)) {
                ring.toCertificate().encode(armour);
            }
            return new Loaded(publicKey, privateKey, OpenPgp.hex(publicKey.getFingerprint()),
                    out.toString(StandardCharsets.US_ASCII));
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("The service's OpenPGP key in the database cannot be read", e);
        }
    }
}
