package org.tocsin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * Real OpenPGP keys for tests, made with Bouncy Castle as a member's own tools would make them,
 * and the member's side of reading Tocsin's mail: decrypting with the private key and verifying
 * the service's signature.
 */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    /** A person's key pair: the armoured public key they upload, and the secret ring they keep. */
    public record Pair(String publicKey, PGPSecretKeyRing secret, String privateKeyArmoured) {}

    /** Ed25519 primary key with an X25519 encryption subkey, as {@code gpg --quick-gen-key} makes. */
    public static Pair encryptable(String userId) {
        return make(userId, Instant.now().minusSeconds(60), null, true);
    }

    /** A key with no encryption subkey: it can sign but nobody can encrypt to it. */
    public static Pair signingOnly(String userId) {
        return make(userId, Instant.now().minusSeconds(60), null, false);
    }

    /** A key made two years ago that expired after one. */
    public static Pair expired(String userId) {
        return make(userId, Instant.now().minus(Duration.ofDays(730)), Duration.ofDays(365), true);
    }

    private static Pair make(String userId, Instant created, Duration validFor, boolean withEncryption) {
        try {
            var date = Date.from(created);
            var ed = new Ed25519KeyPairGenerator();
            ed.init(new Ed25519KeyGenerationParameters(RANDOM));
            var primary = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
                    ed.generateKeyPair(), date);
            var hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            if (validFor != null) {
                hashed.setKeyExpirationTime(true, validFor.toSeconds());
            }
            var sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            var generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId, sha1,
                    hashed.generate(), null,
                    new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), null);
            if (withEncryption) {
                var x = new X25519KeyPairGenerator();
                x.init(new X25519KeyGenerationParameters(RANDOM));
                var sub = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, x.generateKeyPair(), date);
                var subHashed = new PGPSignatureSubpacketGenerator();
                subHashed.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
                if (validFor != null) {
                    subHashed.setKeyExpirationTime(true, validFor.toSeconds());
                }
                generator.addSubKey(sub, subHashed.generate(), null);
            }
            var secret = generator.generateSecretKeyRing();
            var publicRing = generator.generatePublicKeyRing();
            return new Pair(armour(publicRing.getEncoded()), secret, armour(secret.getEncoded()));
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String armour(byte[] encoded) {
        var out = new ByteArrayOutputStream();
        try (var armour = new ArmoredOutputStream(out)) {
            armour.write(encoded);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The service's public key as members fetch it. */
    public static PGPPublicKey publicKey(String armoured) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            return new BcPGPPublicKeyRing(in).getPublicKey();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the armoured detached signature is the signer's, over exactly these bytes. */
    public static boolean verifyDetached(byte[] data, String armouredSignature, PGPPublicKey signer) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armouredSignature.getBytes(StandardCharsets.US_ASCII)))) {
            var signatures = (PGPSignatureList) new BcPGPObjectFactory(in).nextObject();
            var signature = signatures.get(0);
            signature.init(new BcPGPContentVerifierBuilderProvider(), signer);
            signature.update(data);
            return signature.getKeyID() == signer.getKeyID() && signature.verify();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An opened message: its plaintext and whether the signature inside is the signer's and valid. */
    public record Opened(byte[] plaintext, boolean signatureValid, boolean integrityProtected) {}

    /** Decrypts an armoured message with the recipient's secret key and checks the signature in it. */
    public static Opened decrypt(String armoured, PGPSecretKeyRing secret, PGPPublicKey signer) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            var factory = new BcPGPObjectFactory(in);
            Object object = factory.nextObject();
            while (!(object instanceof PGPEncryptedDataList)) {
                object = factory.nextObject();
            }
            var encrypted = (PGPPublicKeyEncryptedData) ((PGPEncryptedDataList) object).get(0);
            var privateKey = secret.getSecretKey(encrypted.getKeyID()).extractPrivateKey(null);
            var clear = new BcPGPObjectFactory(encrypted.getDataStream(new BcPublicKeyDataDecryptorFactory(privateKey)));
            Object next = clear.nextObject();
            if (next instanceof PGPCompressedData compressed) {
                clear = new BcPGPObjectFactory(compressed.getDataStream());
                next = clear.nextObject();
            }
            var onePass = ((PGPOnePassSignatureList) next).get(0);
            var literal = (PGPLiteralData) clear.nextObject();
            var plaintext = literal.getInputStream().readAllBytes();
            var signatures = (PGPSignatureList) clear.nextObject();
            onePass.init(new BcPGPContentVerifierBuilderProvider(), signer);
            onePass.update(plaintext);
            boolean valid = onePass.getKeyID() == signer.getKeyID() && onePass.verify(signatures.get(0));
            return new Opened(plaintext, valid, encrypted.isIntegrityProtected() && encrypted.verify());
        } catch (IOException | PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A second key ring, for "a block holding two keys". */
    public static String twoKeys() {
        try {
            var one = PGPUtil.getDecoderStream(new ByteArrayInputStream(encryptable("One <one@test.example>").publicKey()
                    .getBytes(StandardCharsets.US_ASCII))).readAllBytes();
            var two = PGPUtil.getDecoderStream(new ByteArrayInputStream(encryptable("Two <two@test.example>").publicKey()
                    .getBytes(StandardCharsets.US_ASCII))).readAllBytes();
            var both = new byte[one.length + two.length];
            System.arraycopy(one, 0, both, 0, one.length);
            System.arraycopy(two, 0, both, one.length, two.length);
            return armour(both);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PGPPublicKeyRing ring(String armoured) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            return new BcPGPPublicKeyRing(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
