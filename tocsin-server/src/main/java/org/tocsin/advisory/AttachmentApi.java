package org.tocsin.advisory;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * An advisory's attachments over the API: authors add them ({@code multipart/form-data}, the file
 * in the part {@code file}) and remove them while the advisory is a draft; whoever may read the
 * advisory may list and download them, and for everybody else they do not exist.
 */
@RestController
@RequestMapping("/api/v1/advisories/{id}/attachments")
class AttachmentApi {

    private final Attachments attachments;
    private final Membership membership;

    AttachmentApi(Attachments attachments, Membership membership) {
        this.attachments = attachments;
        this.membership = membership;
    }

    record AttachmentView(UUID id, String fileName, String kind, String mediaType, int size, String sha256,
            int addedInVersion, OffsetDateTime uploadedAt) {

        static AttachmentView of(Attachment a) {
            return new AttachmentView(a.id(), a.fileName(), a.kind().name(), a.kind().mediaType(), a.size(), a.sha256(),
                    a.addedIn(), a.uploadedAt());
        }
    }

    record Items<T>(List<T> items) {}

    @GetMapping
    @PreAuthorize("hasAuthority('MEMBER')")
    Items<AttachmentView> list(@PathVariable UUID id, Authentication auth) {
        return new Items<>(attachments.visibleTo(caller(auth), id).stream().map(AttachmentView::of).toList());
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AUTHOR')")
    AttachmentView add(@PathVariable UUID id, @RequestPart(name = "file", required = false) MultipartFile file,
            Authentication auth) throws IOException {
        if (file == null) {
            throw Refusal.invalid("file", "Send the file as the multipart/form-data part named 'file'");
        }
        return AttachmentView.of(attachments.add(caller(auth), id, file.getOriginalFilename(), file.getBytes()));
    }

    @GetMapping("/{attachmentId}")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId, Authentication auth) {
        return AttachmentPages.serve(attachments.download(caller(auth), id, attachmentId));
    }

    @DeleteMapping("/{attachmentId}")
    @PreAuthorize("hasRole('AUTHOR')")
    ResponseEntity<Void> remove(@PathVariable UUID id, @PathVariable UUID attachmentId, Authentication auth) {
        attachments.remove(caller(auth), id, attachmentId);
        return ResponseEntity.noContent().build();
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
