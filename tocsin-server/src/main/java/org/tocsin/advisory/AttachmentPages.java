package org.tocsin.advisory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Attachments in the portal: the upload and removal forms on a draft's page, and the download
 * link on every page that shows the advisory.
 */
@Controller
class AttachmentPages {

    private final Attachments attachments;
    private final Membership membership;

    AttachmentPages(Attachments attachments, Membership membership) {
        this.attachments = attachments;
        this.membership = membership;
    }

    @PostMapping("/advisories/{id}/attachments")
    @PreAuthorize("hasRole('AUTHOR')")
    String add(@PathVariable UUID id, @RequestParam(name = "file", required = false) MultipartFile file,
            Authentication auth, RedirectAttributes redirect) throws IOException {
        try {
            if (file == null || file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                throw Refusal.invalid("file", "Choose a file to attach");
            }
            var added = attachments.add(caller(auth), id, file.getOriginalFilename(), file.getBytes());
            redirect.addFlashAttribute("notice", "Attached " + added.fileName() + " (" + added.kind().label() + ")");
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            redirect.addFlashAttribute("error", refusal.getMessage());
            redirect.addFlashAttribute("errorField", "file");
        }
        return "redirect:/advisories/" + id;
    }

    @PostMapping("/advisories/{id}/attachments/{attachmentId}/removal")
    @PreAuthorize("hasRole('AUTHOR')")
    String remove(@PathVariable UUID id, @PathVariable UUID attachmentId, Authentication auth,
            RedirectAttributes redirect) {
        try {
            attachments.remove(caller(auth), id, attachmentId);
            redirect.addFlashAttribute("notice", "Attachment removed");
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            redirect.addFlashAttribute("error", refusal.getMessage());
        }
        return "redirect:/advisories/" + id;
    }

    @GetMapping("/advisories/{id}/attachments/{attachmentId}")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId, Authentication auth) {
        return serve(attachments.download(caller(auth), id, attachmentId));
    }

    /**
     * The file as a download that no browser will render or guess at: its own media type,
     * {@code Content-Disposition: attachment}, nosniff, and a sandbox that allows nothing.
     */
    static ResponseEntity<byte[]> serve(Attachments.Download download) {
        var a = download.attachment();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(a.kind().mediaType()))
                .contentLength(download.content().length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(a.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Checksum-SHA256", a.sha256())
                .body(download.content());
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
