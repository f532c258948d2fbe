package org.tocsin.audit;

/**
 * The result of checking the whole audit chain.
 *
 * @param valid whether every entry is intact and in place
 * @param entries how many entries were verified before the first problem (all of them when valid)
 * @param brokenAt the sequence number of the first entry that fails the check, or null
 * @param problem what is wrong there, in words, or null
 */
public record Verification(boolean valid, long entries, Long brokenAt, String problem) {

    static Verification broken(long verified, long at, String problem) {
        return new Verification(false, verified, at, problem);
    }
}
