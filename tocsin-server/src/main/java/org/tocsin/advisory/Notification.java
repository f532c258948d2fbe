package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.tocsin.leak.Wording;
import org.tocsin.stix.Tlp;

/**
 * What a recipient is told when a version of an advisory is published. The subject and the
 * message without content carry the TLP label, a generic sentence and a link, never a word of the
 * advisory. The content — the whole advisory as plain text, with the recipient's copy serial — may
 * travel only encrypted to the recipient's key, and never for TLP:RED, which is for the portal only
 * (cni-context.md §2.2).
 */
record Notification(String subject, String withoutContent, Tlp tlp, String title, String header, String summary,
        String body, String actions, String annex, String attachments, String link, String bodyHeading) {

    /** Whether an advisory with this label may be sent by e-mail at all, even encrypted. */
    static boolean mayCarryContent(Tlp tlp) {
        return tlp != Tlp.RED;
    }

    /** {@code notice}: a members' notice derived from an advisory, called so in every word sent. */
    static Notification of(UUID id, int version, boolean notice, Advisories.Content content, OffsetDateTime publishedAt,
            String baseUrl, List<String> attachmentNames) {
        var label = content.tlp().label();
        var link = baseUrl + "/advisories/" + id;
        var what = notice ? "members' notice" : "advisory";
        var subject = "Tocsin: " + (version == 1 ? "a new " : "an updated ") + what + " for you [" + label + "]";
        var withoutContent = """
                %s

                %s

                Sign in to Tocsin to read it:

                %s

                This message does not contain the %s: Tocsin sends advisories and notices by e-mail only when it \
                can encrypt them to you%s.
                """.formatted(label, version == 1
                        ? "A new " + what + " has been published for you."
                        : (notice ? "A members' notice" : "An advisory") + " you received has been updated (version "
                                + version + ").",
                link, what, mayCarryContent(content.tlp())
                        ? " (give Tocsin your OpenPGP key on your profile: " + baseUrl + "/profile/openpgp)"
                        : ", and never when it is labelled TLP:RED");
        var header = "Severity: " + content.severity() + (content.confidence() == null ? ""
                : ". Confidence: " + content.confidence() + " of 100") + ".\nPublished " + publishedAt.toLocalDate()
                + (version == 1 ? "" : ", version " + version) + ".";
        var actions = new StringBuilder();
        for (var action : content.actions()) {
            actions.append(action.n()).append(". ").append(action.text()).append("\n   Owner: ")
                    .append(action.ownerRole().label()).append(". Due by ")
                    .append(publishedAt.plusDays(action.dueDays()).toLocalDate()).append(".\n");
        }
        return new Notification(subject, withoutContent, content.tlp(), content.title(), header, content.summary(),
                content.body(), actions.toString(), content.annex(),
                attachmentNames.isEmpty() ? "" : String.join("\n", attachmentNames.stream().map(n -> "- " + n).toList()),
                link, notice ? "The notice" : "The advisory");
    }

    /** The same notification with the reader's own wording of the summary, body and annex. */
    Notification withProse(Wording prose) {
        return new Notification(subject, withoutContent, tlp, title, header, prose.summary(), prose.body(), actions,
                prose.annex(), attachments, link, bodyHeading);
    }

    /** The advisory as plain text for one recipient's encrypted e-mail. */
    String contentFor(String serial) {
        var text = new StringBuilder(body.length() + annex.length() + 2048);
        text.append(tlp.label()).append("\n\n");
        text.append(title).append("\n").append("=".repeat(Math.min(72, Math.max(3, title.length())))).append("\n\n");
        text.append(header).append("\n");
        text.append("Your copy: ").append(serial).append(". It is yours alone: share it only as ")
                .append(tlp.label()).append(" allows.\n\n");
        section(text, "Summary", summary);
        section(text, bodyHeading, body);
        section(text, "Recommended actions", actions);
        if (!annex.isBlank()) {
            section(text, "Technical annex", annex);
        }
        if (!attachments.isBlank()) {
            section(text, "Attachments (in the portal)", attachments);
        }
        text.append("Acknowledge it and report on the actions in Tocsin:\n").append(link).append("\n\n");
        text.append(tlp.label()).append("\n");
        return text.toString();
    }

    private static void section(StringBuilder text, String heading, String content) {
        text.append(heading).append("\n").append("-".repeat(heading.length())).append("\n").append(content.strip())
                .append("\n\n");
    }
}
