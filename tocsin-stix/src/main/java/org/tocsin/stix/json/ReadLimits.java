package org.tocsin.stix.json;

/**
 * Bounds on what reading STIX JSON accepts, against hostile or broken input. Reading stops with a
 * {@link StixJsonException} as soon as one is passed, before the input is read further.
 *
 * @param maxDocumentBytes the longest document, in bytes (in characters when read from a string)
 * @param maxDepth the deepest nesting of JSON objects and arrays, counting the bundle itself
 * @param maxStringLength the longest string value, in characters
 * @param maxObjects the most objects in one bundle
 * @param maxObjectBytes the largest single STIX object, in bytes of JSON (characters when read
 *        from a string)
 */
public record ReadLimits(long maxDocumentBytes, int maxDepth, int maxStringLength, long maxObjects,
        long maxObjectBytes) {

    /**
     * The bounds used unless others are given: documents of up to 1 GiB (a bundle of a million
     * indicators is about 420 MB), nesting 64 deep, strings of up to 8 million characters, two
     * million objects per bundle, and 16 MiB per object.
     */
    public static final ReadLimits DEFAULT = new ReadLimits(1L << 30, 64, 8_000_000, 2_000_000, 16L << 20);

    /** @throws IllegalArgumentException if a bound is not positive, or the depth is below 3 */
    public ReadLimits {
        if (maxDocumentBytes < 1 || maxStringLength < 1 || maxObjects < 1 || maxObjectBytes < 1) {
            throw new IllegalArgumentException("Read limits must be positive");
        }
        if (maxDepth < 3) {
            throw new IllegalArgumentException("A bundle of objects needs a depth of at least 3");
        }
    }
}
