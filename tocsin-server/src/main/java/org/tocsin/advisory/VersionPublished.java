package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.tocsin.stix.Tlp;

/**
 * A version of an advisory has just been published; listeners run inside the publishing
 * transaction, so what they write commits with the publication or not at all.
 *
 * @param previousVersion the version its readers had until now, or null at the first publication
 * @param subject the subject and {@code body} of the notification each recipient was sent
 */
record VersionPublished(UUID advisoryId, int version, Integer previousVersion, Tlp tlp, String subject, String body,
        OffsetDateTime at) {}
