package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A file attached to an advisory: a PDF, plain text, or STIX 2.1 JSON, its kind decided by Tocsin
 * from its content.
 *
 * @param addedIn the first version it belongs to; it stays in later versions until removed
 * @param sha256 hex of the SHA-256 of its content, for recipients to check their copy
 */
public record Attachment(UUID id, UUID advisoryId, int addedIn, String fileName, Kind kind, int size, String sha256,
        OffsetDateTime uploadedAt) {

    /** What a file is, and the media type it is served with. */
    public enum Kind {
        PDF("application/pdf", "PDF"),
        TEXT("text/plain;charset=UTF-8", "Plain text"),
        STIX("application/stix+json;version=2.1", "STIX 2.1 JSON");

        private final String mediaType;
        private final String label;

        Kind(String mediaType, String label) {
            this.mediaType = mediaType;
            this.label = label;
        }

        public String mediaType() {
            return mediaType;
        }

        public String label() {
            return label;
        }
    }
}
