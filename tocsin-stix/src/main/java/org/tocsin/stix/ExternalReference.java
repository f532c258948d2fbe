package org.tocsin.stix;

import java.util.Map;
import java.util.Objects;

/**
 * An entry of an object's {@code external_references}: a pointer to information outside STIX,
 * such as a CVE or an ATT&amp;CK technique.
 *
 * @param sourceName the source, such as {@code "cve"} or {@code "mitre-attack"}
 * @param description a description, or {@code null}
 * @param url a URL, or {@code null}
 * @param hashes hashes of what the URL points to, by algorithm name; empty if none
 * @param externalId the identifier in the source, such as {@code "CVE-2016-1234"}, or {@code null}
 */
public record ExternalReference(String sourceName, String description, String url, Map<String, String> hashes,
        String externalId) {

    public ExternalReference {
        Objects.requireNonNull(sourceName, "sourceName");
        hashes = Map.copyOf(hashes);
    }
}
