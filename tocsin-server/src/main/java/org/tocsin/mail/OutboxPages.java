package org.tocsin.mail;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The local outbox, for the authority's administrators: what Tocsin sent, or would send without SMTP. */
@Controller
class OutboxPages {

    private final Mailer mailer;

    OutboxPages(Mailer mailer) {
        this.mailer = mailer;
    }

    @GetMapping("/admin/outbox")
    @PreAuthorize("hasRole('ADMIN')")
    String outbox(Model model) {
        model.addAttribute("messages", mailer.latest(100));
        return "mail/outbox";
    }
}
