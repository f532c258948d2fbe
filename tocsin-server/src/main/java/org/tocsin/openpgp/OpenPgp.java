package org.tocsin.openpgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.springframework.stereotype.Service;

/**
 * OpenPGP as Tocsin's mail needs it.
 *
 * <p>The service signs with its own key ({@link #servicePublicKey()} is what members fetch to
 * verify). People's public keys are checked before they are accepted ({@link #check}): one
 * armoured public key, not a private one, at most {@value #MAX_KEY_CHARS} characters, with a
 * self-signed user id, not revoked or expired, and with an encryption key (the primary key or a
 * properly bound subkey) that is usable now and not weaker than RSA 2048. Messages are signed and
 * then encrypted in one OpenPGP message (RFC 3156 §6.2), AES-256 with an integrity check.
 */
@Service
public class OpenPgp {

    /** Upper bound on an uploaded key; real keys with many certifications stay well under it. */
    public static final int MAX_KEY_CHARS = 64 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PUBLIC_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private final ServiceKey serviceKey;
    private final Clock clock;

    OpenPgp(ServiceKey serviceKey, Clock clock) {
        this.serviceKey = serviceKey;
        this.clock = clock;
    }

    /** The service's public signing key, armoured, for members to verify Tocsin's mail with. */
    public String servicePublicKey() {
        return serviceKey.get().armouredPublicKey();
    }

    /** The service key's fingerprint, upper-case hex. */
    public String serviceFingerprint() {
        return serviceKey.get().fingerprint();
    }

    /** The hash algorithm of every signature, as PGP/MIME's {@code micalg} names it. */
    public String micalg() {
        return "pgp-sha256";
    }

    /**
     * Checks a person's public key as uploaded.
     *
     * @throws UnusableKey saying what is wrong with it
     */
    public RecipientKey check(String armoured) {
        return check(armoured, clock.instant());
    }

    RecipientKey check(String armoured, Instant now) {
        if (armoured == null || armoured.isBlank()) {
            throw new UnusableKey("Paste your OpenPGP public key, armoured (it begins with " + PUBLIC_BLOCK + ")");
        }
        if (armoured.length() > MAX_KEY_CHARS) {
            throw new UnusableKey("The key is " + armoured.length() + " characters long; at most " + MAX_KEY_CHARS
                    + " are accepted. Export it without other people's signatures (gpg --export-options export-minimal)");
        }
        if (armoured.contains("PRIVATE KEY BLOCK")) {
            throw new UnusableKey("This is a private key: never share it. Upload your public key only "
                    + "(gpg --armor --export you@example.org)");
        }
        int begin = armoured.indexOf(PUBLIC_BLOCK);
        if (begin < 0) {
            throw new UnusableKey("This is not an armoured OpenPGP public key: it must contain a block beginning "
                    + PUBLIC_BLOCK);
        }
        PGPPublicKeyRing ring = readRing(armoured.substring(begin));
        var primary = ring.getPublicKey();
        var fingerprint = hex(primary.getFingerprint());
        if (primary.hasRevocation()) {
            throw new UnusableKey("The key " + fingerprint + " has been revoked");
        }
        var userIds = verifiedUserIds(primary);
        if (userIds.isEmpty()) {
            throw new UnusableKey("The key " + fingerprint + " has no user id signed by the key itself");
        }
        var primaryExpiry = expiry(primary);
        if (primaryExpiry != null && !primaryExpiry.isAfter(now)) {
            throw new UnusableKey("The key " + fingerprint + " expired on " + day(primaryExpiry)
                    + "; extend it (gpg --quick-set-expire) and upload it again");
        }
        var encryption = encryptionKey(ring, now);
        var expiry = earliest(primaryExpiry, expiry(encryption));
        return new RecipientKey(fingerprint, hex(encryption.getFingerprint()), userIds, describe(encryption),
                OffsetDateTime.ofInstant(primary.getCreationTime().toInstant(), ZoneOffset.UTC),
                expiry == null ? null : OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC), armour(ring));
    }

    /** A detached signature by the service over exactly these bytes, armoured. */
    public String signDetached(byte[] data) {
        try {
            var signer = signer();
            signer.update(data);
            var out = new ByteArrayOutputStream();
            try (var armour = armoured(out)) {
                signer.generate().encode(armour);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("Signing failed", e);
        }
    }

    /** An armoured OpenPGP message and the fingerprint of the key it is encrypted to (the primary key's). */
    public record Sealed(String message, String recipientFingerprint) {}

    /**
     * Signs {@code data} with the service key and encrypts it to the recipient's key, as one
     * armoured OpenPGP message.
     *
     * @throws UnusableKey if the key has no encryption key usable now (for example it expired since upload)
     */
    public Sealed signAndEncrypt(byte[] data, String recipientKey) {
        var ring = readRing(recipientKey);
        var encryption = encryptionKey(ring, clock.instant());
        try {
            var out = new ByteArrayOutputStream(data.length / 2 + 1024);
            try (var armour = armoured(out)) {
                var encryptor = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true).setSecureRandom(RANDOM));
                encryptor.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryption).setSecureRandom(RANDOM));
                try (OutputStream encrypted = encryptor.open(armour, new byte[1 << 14])) {
                    var compressor = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
                    try (OutputStream compressed = compressor.open(encrypted)) {
                        var signer = signer();
                        signer.generateOnePassVersion(false).encode(compressed);
                        var literal = new PGPLiteralDataGenerator();
                        try (OutputStream plain = literal.open(compressed, PGPLiteralData.BINARY, "", data.length,
                                Date.from(clock.instant()))) {
                            plain.write(data);
                        }
                        signer.update(data);
                        signer.generate().encode(compressed);
                    }
                }
            }
            return new Sealed(out.toString(StandardCharsets.US_ASCII), hex(ring.getPublicKey().getFingerprint()));
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    private PGPSignatureGenerator signer() throws PGPException {
        var key = serviceKey.get();
        var generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(key.publicKey().getAlgorithm(), HashAlgorithmTags.SHA256), key.publicKey());
        generator.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
        var hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(clock.instant()));
        hashed.setIssuerFingerprint(false, key.publicKey());
        generator.setHashedSubpackets(hashed.generate());
        return generator;
    }

    static PGPPublicKeyRing readRing(String armoured) {
        try (var in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            var rings = new BcPGPPublicKeyRingCollection(in);
            if (rings.size() == 0) {
                throw new UnusableKey("The block holds no public key");
            }
            if (rings.size() > 1) {
                throw new UnusableKey("The block holds " + rings.size() + " keys; upload only your own");
            }
            return rings.getKeyRings().next();
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof UnusableKey unusable) {
                throw unusable;
            }
            throw new UnusableKey("The key could not be read: " + (e.getMessage() == null ? "it is damaged or incomplete"
                    : e.getMessage()) + ". Export it again with gpg --armor --export you@example.org");
        }
    }

    /** The key messages are encrypted to: the newest usable encryption subkey, else the primary key. */
    private static PGPPublicKey encryptionKey(PGPPublicKeyRing ring, Instant now) {
        var primary = ring.getPublicKey();
        PGPPublicKey chosen = null;
        String problem = "it has no encryption key (a subkey for encryption, usage E)";
        for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
            var key = keys.next();
            if (!key.isEncryptionKey() || !mayEncrypt(primary, key)) {
                continue;
            }
            if (key.hasRevocation()) {
                problem = "its encryption key " + hex(key.getFingerprint()) + " has been revoked";
                continue;
            }
            var expiry = expiry(key);
            if (expiry != null && !expiry.isAfter(now)) {
                problem = "its encryption key " + hex(key.getFingerprint()) + " expired on " + day(expiry);
                continue;
            }
            if (weak(key)) {
                problem = "its encryption key is " + describe(key) + "; at least RSA 2048 or an elliptic-curve key is needed";
                continue;
            }
            if (chosen == null || key.getCreationTime().after(chosen.getCreationTime())) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new UnusableKey("Tocsin cannot encrypt to this key: " + problem);
        }
        return chosen;
    }

    /** A subkey counts only with a valid binding signature from the primary key that allows encryption. */
    private static boolean mayEncrypt(PGPPublicKey primary, PGPPublicKey key) {
        var signatures = key.isMasterKey() ? selfSignatures(primary) : bindings(primary, key);
        if (signatures.isEmpty()) {
            return false;
        }
        for (var signature : signatures) {
            var flags = signature.getHashedSubPackets() == null ? 0 : signature.getHashedSubPackets().getKeyFlags();
            if (flags == 0 || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
                return true;
            }
        }
        return false;
    }

    private static List<PGPSignature> bindings(PGPPublicKey primary, PGPPublicKey subkey) {
        var valid = new ArrayList<PGPSignature>();
        for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext(); ) {
            var signature = it.next();
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (signature.verifyCertification(primary, subkey)) {
                    valid.add(signature);
                }
            } catch (PGPException | RuntimeException e) {
                // a binding that does not verify binds nothing
            }
        }
        return valid;
    }

    private static List<PGPSignature> selfSignatures(PGPPublicKey primary) {
        var valid = new ArrayList<PGPSignature>();
        for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
            var id = ids.next();
            for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it.hasNext(); ) {
                var signature = it.next();
                if (signature.getKeyID() != primary.getKeyID() || !signature.isCertification()) {
                    continue;
                }
                try {
                    signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                    if (signature.verifyCertification(id, primary)) {
                        valid.add(signature);
                    }
                } catch (PGPException | RuntimeException e) {
                    // not a valid self-signature
                }
            }
        }
        return valid;
    }

    private static List<String> verifiedUserIds(PGPPublicKey primary) {
        var ids = new ArrayList<String>();
        for (Iterator<byte[]> raw = primary.getRawUserIDs(); raw.hasNext(); ) {
            var id = raw.next();
            for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it.hasNext(); ) {
                var signature = it.next();
                try {
                    signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                    if (signature.getKeyID() == primary.getKeyID() && signature.verifyCertification(id, primary)) {
                        ids.add(new String(id, StandardCharsets.UTF_8));
                        break;
                    }
                } catch (PGPException | RuntimeException e) {
                    // not a self-signature of this id
                }
            }
        }
        return List.copyOf(ids);
    }

    private static Instant expiry(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static boolean weak(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT,
                    PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> key.getBitStrength() < 2048;
            default -> false;
        };
    }

    private static String describe(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT -> "RSA " + key.getBitStrength();
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> "ElGamal " + key.getBitStrength();
            case PublicKeyAlgorithmTags.ECDH -> "ECDH";
            case PublicKeyAlgorithmTags.X25519 -> "X25519";
            case PublicKeyAlgorithmTags.X448 -> "X448";
            default -> "algorithm " + key.getAlgorithm();
        };
    }

    private static String armour(PGPPublicKeyRing ring) {
        try {
            var out = new ByteArrayOutputStream();
            try (var armour = armoured(out)) {
                ring.encode(armour);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArmoredOutputStream armoured(OutputStream out) {
        // No "Version:" header: it tells an attacker nothing useful and everyone else nothing at all.
        return ArmoredOutputStream.builder().clearHeaders().build(out);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
