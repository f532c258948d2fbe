package org.tocsin.leak;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

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
        return derive(mac(key), label);
    }

    private static byte[] derive(Mac mac, String label) {
        return Arrays.copyOf(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)), SEED_BYTES);
    }

    private static Mac mac(byte[] key) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private Mac mac;

    /** {@link #recipientSeed(byte[], String)} with this instance's key, for many recipients in a row. */
    byte[] recipientSeed(String personId) {
        if (mac == null) {
            mac = mac(key.getEncoded());
        }
        return derive(mac, "recipient:" + personId);
    }

    /** The codeword of the copy with this seed, one symbol per slot. */
    int[] symbols(byte[] seed, int[] arity) {
        return symbols(seed, arity, arity.length);
    }

    /**
     * The first {@code length} symbols of many codewords at once: the same keystream as
     * {@link #symbols(byte[], int[], int)} (AES-CTR counts up the whole 128-bit block, big-endian),
     * computed as one AES-ECB pass over all the counter blocks, which is much faster than a cipher
     * initialised per copy when an investigation scores thousands of them.
     */
    int[][] symbols(List<byte[]> seeds, int[] arity, int length) {
        int blocks = (4 * length + 15) / 16;
        var counters = new byte[seeds.size() * blocks * 16];
        for (int c = 0; c < seeds.size(); c++) {
            var seed = seeds.get(c);
            long high = bytesToLong(seed, 0);
            long low = bytesToLong(seed, 8);
            for (int b = 0; b < blocks; b++) {
                int at = (c * blocks + b) * 16;
                longToBytes(high, counters, at);
                longToBytes(low, counters, at + 8);
                low++;
                if (low == 0) {
                    high++;
                }
            }
        }
        byte[] stream;
        try {
            var ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            stream = ecb.doFinal(counters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every Java runtime", e);
        }
        var all = new int[seeds.size()][];
        for (int c = 0; c < seeds.size(); c++) {
            all[c] = toSymbols(stream, c * blocks * 16, arity, length);
        }
        return all;
    }

    private static long bytesToLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }

    private static void longToBytes(long value, byte[] bytes, int at) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static int[] toSymbols(byte[] stream, int offset, int[] arity, int length) {
        var symbols = new int[length];
        for (int j = 0; j < length; j++) {
            int p = offset + 4 * j;
            long u = ((stream[p] & 0xFFL) << 24) | ((stream[p + 1] & 0xFFL) << 16) | ((stream[p + 2] & 0xFFL) << 8)
                    | (stream[p + 3] & 0xFFL);
            symbols[j] = (int) ((u * arity[j]) >>> 32);
        }
        return symbols;
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
        return toSymbols(stream, 0, arity, length);
    }
}
