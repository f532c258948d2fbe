package org.tocsin.leak;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Codewords from keys: a copy's symbol at slot j is drawn, uniformly among the slot's variants,
 * from 32 bits of an AES-CTR keystream under the advisory's key with the copy's 16-byte seed as the
 * initial counter. Without the advisory's key, codewords are unpredictable and unrelated to one
 * another, which is what the scoring assumes of an innocent recipient; with it, any copy's codeword
 * is recomputed in microseconds, so nothing per slot need be stored.
 *
 * <p>One instance per advisory key; not safe for use by several threads at once.
 */
final class Codewords {

    static final int SEED_BYTES = 16;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private byte[] zeros = new byte[0];

    Codewords(byte[] advisoryKey) {
        this.key = new SecretKeySpec(advisoryKey, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is part of every Java runtime", e);
        }
    }

    /** The seed of a recipient's own copy: the same person always gets the same copy of an advisory. */
    static byte[] recipientSeed(byte[] advisoryKey, String personId) {
        return derive(advisoryKey, "recipient:" + personId);
    }

    /** The seed of a copy shared on: its own, different from its parent's and from the receiver's own copy. */
    static byte[] childSeed(byte[] advisoryKey, String parentCopyId, String personId) {
        return derive(advisoryKey, "child:" + parentCopyId + ":" + personId);
    }

    /** The 48-bit tag of the invisible marks of a copy. */
    static long tag(byte[] advisoryKey, byte[] seed) {
        var bytes = derive(advisoryKey, "invisible:" + java.util.HexFormat.of().formatHex(seed));
        long tag = 0;
        for (int i = 0; i < 6; i++) {
            tag = (tag << 8) | (bytes[i] & 0xFF);
        }
        return tag;
    }

    private static byte[] derive(byte[] key, String label) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)), SEED_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** The codeword of the copy with this seed, one symbol per slot. */
    int[] symbols(byte[] seed, int[] arity) {
        return symbols(seed, arity, arity.length);
    }

    /** The first {@code length} symbols of a codeword. */
    int[] symbols(byte[] seed, int[] arity, int length) {
        int bytes = 4 * length;
        if (zeros.length < bytes) {
            zeros = new byte[bytes];
        }
        byte[] stream;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(seed));
            stream = cipher.doFinal(zeros, 0, bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        var symbols = new int[length];
        for (int j = 0; j < length; j++) {
            long u = ((stream[4 * j] & 0xFFL) << 24) | ((stream[4 * j + 1] & 0xFFL) << 16)
                    | ((stream[4 * j + 2] & 0xFFL) << 8) | (stream[4 * j + 3] & 0xFFL);
            symbols[j] = (int) ((u * arity[j]) >>> 32);
        }
        return symbols;
    }
}
