package org.tocsin.intel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit keys the store looks objects and observables up by (V12): the first eight bytes of
 * the SHA-256 of the text. A key narrows a lookup to a handful of rows, and every query also
 * compares the text itself, so two texts with one key are never taken for each other. They are
 * stored, so they never change. A narrow number keeps the indexes small: the wide text indexes they
 * replace made every import into H2 rewrite several times more index pages (docs/PERFORMANCE.md).
 */
final class StixKeys {

    private StixKeys() {}

    /** The key of a STIX object id, such as {@code indicator--2d3efb27-…}. */
    static long object(String id) {
        return key(id);
    }

    /** The key of an observable: its kind and value as stored. */
    static long observable(String kind, String value) {
        return key(kind + '\n' + value);
    }

    private static long key(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
