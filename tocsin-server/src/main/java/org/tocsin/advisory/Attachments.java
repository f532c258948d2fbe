package org.tocsin.advisory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * Files attached to advisories, stored in the database with the version they were added in.
 *
 * <p>Authors add and remove attachments while the advisory's current version is a draft, so an
 * approver always approves the files with the text; a new version starts with the attachments of
 * the one before. Whoever attaches a file becomes one of the version's writers, and so may not
 * approve it. A file is checked by {@link AttachmentCheck} before anything is written.
 *
 * <p>Readers get the attachments of the version they received, under exactly the rule of their
 * copy: a recipient of the published version of an advisory that is not withdrawn; everybody else
 * is told the attachment does not exist. The authority's staff see every attachment.
 */
@Service
class Attachments {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final long maxBytes;

    Attachments(JdbcClient jdbc, AuditTrail audit, Clock clock,
            @Value("${tocsin.advisory.attachment-max-size:10MB}") DataSize maxSize) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.maxBytes = maxSize.toBytes();
    }

    /** A file to hand out, with what to call it and what it is. */
    record Download(Attachment attachment, byte[] content) {}

    long maxBytes() {
        return maxBytes;
    }

    /** Checks and attaches a file to the advisory's current version, which must be a draft. */
    @Transactional
    Attachment add(Person author, UUID advisoryId, String originalName, byte[] content) {
        requireAuthor(author);
        var draft = lockDraft(advisoryId);
        var name = AttachmentCheck.fileName(originalName);
        var kind = AttachmentCheck.kind(name, content == null ? new byte[0] : content, maxBytes, draft.tlp());
        int existing = jdbc.sql("""
                SELECT COUNT(*) FROM advisory_attachment WHERE advisory_id = :id AND added_in <= :version
                AND (removed_in IS NULL OR removed_in > :version) AND file_name = :name""")
                .param("id", advisoryId).param("version", draft.version()).param("name", name).query(Integer.class).single();
        if (existing > 0) {
            throw Refusal.invalid("file", "The advisory already has an attachment called '" + name
                    + "'; remove it first or rename the new file");
        }
        var id = UUID.randomUUID();
        var sha256 = sha256(content);
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                INSERT INTO advisory_attachment (id, advisory_id, added_in, file_name, kind, size_bytes, sha256, content,
                                                 uploaded_by, uploaded_at)
                VALUES (:id, :advisory, :version, :name, :kind, :size, :sha, :content, :by, :now)""")
                .param("id", id).param("advisory", advisoryId).param("version", draft.version()).param("name", name)
                .param("kind", kind.name()).param("size", content.length).param("sha", sha256).param("content", content)
                .param("by", author.id()).param("now", now).update();
        addEditor(advisoryId, draft.version(), author);
        noteChange(advisoryId, draft.version());
        audit.record(author.username(), "advisory.attachment-added", "advisory:" + advisoryId, Outcome.SUCCESS,
                "version " + draft.version() + " " + kind + " '" + name + "' " + content.length + " bytes sha256 " + sha256);
        return new Attachment(id, advisoryId, draft.version(), name, kind, content.length, sha256, now);
    }

    /** Removes an attachment from the advisory's current version, which must be a draft. */
    @Transactional
    void remove(Person author, UUID advisoryId, UUID attachmentId) {
        requireAuthor(author);
        var draft = lockDraft(advisoryId);
        var attachment = inVersion(advisoryId, draft.version()).stream().filter(a -> a.id().equals(attachmentId))
                .findFirst().orElseThrow(() -> Refusal.notFound("Attachment"));
        if (attachment.addedIn() == draft.version()) {
            jdbc.sql("DELETE FROM advisory_attachment WHERE id = :id").param("id", attachmentId).update();
        } else {
            jdbc.sql("UPDATE advisory_attachment SET removed_in = :version WHERE id = :id")
                    .param("version", draft.version()).param("id", attachmentId).update();
        }
        addEditor(advisoryId, draft.version(), author);
        noteChange(advisoryId, draft.version());
        audit.record(author.username(), "advisory.attachment-removed", "advisory:" + advisoryId, Outcome.SUCCESS,
                "version " + draft.version() + " '" + attachment.fileName() + "'");
    }

    /** Lists "attachments" among a later version's changed fields, so readers see that they changed. */
    private void noteChange(UUID advisoryId, int version) {
        if (version == 1) {
            return;
        }
        var changes = jdbc.sql("SELECT changes FROM advisory_version WHERE advisory_id = :id AND version = :version")
                .param("id", advisoryId).param("version", version).query(String.class).optional().orElse("");
        var fields = new java.util.ArrayList<>(changes.isEmpty() ? List.<String>of() : List.of(changes.split(",")));
        if (!fields.contains("attachments")) {
            fields.add("attachments");
            jdbc.sql("UPDATE advisory_version SET changes = :changes WHERE advisory_id = :id AND version = :version")
                    .param("changes", String.join(",", fields)).param("id", advisoryId).param("version", version).update();
        }
    }

    /** The attachments of one version of an advisory, in the order they were added. */
    @Transactional(readOnly = true)
    List<Attachment> inVersion(UUID advisoryId, int version) {
        return jdbc.sql("""
                SELECT id, advisory_id, added_in, file_name, kind, size_bytes, sha256, uploaded_at
                FROM advisory_attachment WHERE advisory_id = :id AND added_in <= :version
                AND (removed_in IS NULL OR removed_in > :version) ORDER BY uploaded_at, file_name""")
                .param("id", advisoryId).param("version", version)
                .query((rs, n) -> new Attachment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getString(4), Attachment.Kind.valueOf(rs.getString(5)), rs.getInt(6), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    List<String> names(UUID advisoryId, int version) {
        return inVersion(advisoryId, version).stream().map(Attachment::fileName).toList();
    }

    /**
     * The attachments the person may see: for the authority's staff those of the current version,
     * for anyone else those of the version they received.
     *
     * @throws Refusal not found, exactly as for an advisory that does not exist
     */
    @Transactional(readOnly = true)
    List<Attachment> visibleTo(Person person, UUID advisoryId) {
        return inVersion(advisoryId, visibleVersion(person, advisoryId));
    }

    /** One attachment with its content, if the person may see it; audited for TLP:AMBER and stricter. */
    @Transactional
    Download download(Person person, UUID advisoryId, UUID attachmentId) {
        var staff = Advisories.isAuthorityStaff(person);
        var version = visibleVersion(person, advisoryId);
        var attachment = (staff ? everyVersion(advisoryId) : inVersion(advisoryId, version)).stream()
                .filter(a -> a.id().equals(attachmentId)).findFirst()
                .orElseThrow(() -> Refusal.notFound("Attachment"));
        var content = jdbc.sql("SELECT content FROM advisory_attachment WHERE id = :id").param("id", attachmentId)
                .query((rs, n) -> rs.getBytes(1)).single();
        var tlp = label(advisoryId, version);
        if (tlp == Tlp.AMBER || tlp.isStricterThan(Tlp.AMBER)) {
            audit.record(person.username(), "advisory.attachment-read", "advisory:" + advisoryId, Outcome.SUCCESS,
                    tlp.label() + " '" + attachment.fileName() + "'" + (staff ? " by the authority" : ""));
        }
        return new Download(attachment, content);
    }

    private List<Attachment> everyVersion(UUID advisoryId) {
        return jdbc.sql("""
                SELECT id, advisory_id, added_in, file_name, kind, size_bytes, sha256, uploaded_at
                FROM advisory_attachment WHERE advisory_id = :id""")
                .param("id", advisoryId)
                .query((rs, n) -> new Attachment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getString(4), Attachment.Kind.valueOf(rs.getString(5)), rs.getInt(6), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    /** The version the person sees: the current one for staff, the one they received for a recipient. */
    private int visibleVersion(Person person, UUID advisoryId) {
        Optional<Integer> version;
        if (Advisories.isAuthorityStaff(person)) {
            version = jdbc.sql("SELECT current_version FROM advisory WHERE id = :id").param("id", advisoryId)
                    .query(Integer.class).optional();
        } else {
            // The rule of a reader's copy (Advisories#read): recipient of the published version, not withdrawn.
            version = jdbc.sql("""
                    SELECT r.version FROM advisory a
                    JOIN recipient r ON r.advisory_id = a.id AND r.version = a.published_version
                    WHERE a.id = :id AND r.person_id = :person AND a.withdrawn_at IS NULL""")
                    .param("id", advisoryId).param("person", person.id()).query(Integer.class).optional();
        }
        return version.orElseThrow(() -> Refusal.notFound("Advisory"));
    }

    private Tlp label(UUID advisoryId, int version) {
        return Tlp.parse(jdbc.sql("SELECT tlp FROM advisory_version WHERE advisory_id = :id AND version = :version")
                .param("id", advisoryId).param("version", version).query(String.class).single());
    }

    private record Draft(int version, Tlp tlp) {}

    /** The current version, locked against a concurrent step of the workflow, if it is a draft. */
    private Draft lockDraft(UUID advisoryId) {
        var header = jdbc.sql("SELECT current_version, withdrawn_at FROM advisory WHERE id = :id")
                .param("id", advisoryId)
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, OffsetDateTime.class)})
                .optional().orElseThrow(() -> Refusal.notFound("Advisory"));
        int version = (Integer) header[0];
        if (header[1] != null) {
            throw Refusal.conflict("This advisory is withdrawn and cannot be changed; its status is WITHDRAWN");
        }
        var row = jdbc.sql("SELECT status, tlp FROM advisory_version WHERE advisory_id = :id AND version = :version FOR UPDATE")
                .param("id", advisoryId).param("version", version)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        if (!"DRAFT".equals(row[0])) {
            throw Refusal.conflict("Attachments can be changed only while the advisory is a draft; its status is " + row[0]
                    + ("PUBLISHED".equals(row[0]) ? ". Edit it to start its next version" : ". Edit it to take it back to draft"));
        }
        return new Draft(version, Tlp.parse(row[1]));
    }

    private void addEditor(UUID advisoryId, int version, Person editor) {
        int known = jdbc.sql("SELECT COUNT(*) FROM advisory_editor WHERE advisory_id = :id AND version = :version AND person_id = :person")
                .param("id", advisoryId).param("version", version).param("person", editor.id()).query(Integer.class).single();
        if (known == 0) {
            jdbc.sql("INSERT INTO advisory_editor (advisory_id, version, person_id) VALUES (:id, :version, :person)")
                    .param("id", advisoryId).param("version", version).param("person", editor.id()).update();
        }
    }

    private static void requireAuthor(Person person) {
        if (!person.hasRole(Role.AUTHOR)) {
            throw new AccessDeniedException("Needs the role AUTHOR");
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
