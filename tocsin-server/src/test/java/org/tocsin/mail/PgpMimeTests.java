package org.tocsin.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import jakarta.mail.internet.MimeBodyPart;

import org.junit.jupiter.api.Test;

/**
 * The text of a message survives the wire exactly: quoted-printable with CRLF, lines no longer
 * than 76, nothing a mail server would rewrite ("From " at a line's start, trailing spaces), and
 * it reads back as the same text.
 */
class PgpMimeTests {

    @Test
    void encodesTextSoThatItReadsBackTheSameAndNoLineIsRewrittenOnTheWay() throws Exception {
        var text = "TLP:AMBER\n\nFrom the authority: café — naïve \"quotes\" = equals \nTrailing space \t\n"
                + "x".repeat(200) + "\n\u4e2d\u6587 and an emoji \uD83D\uDD14\n";

        var entity = PgpMime.textEntity(text);
        var wire = new String(entity, StandardCharsets.US_ASCII);

        assertThat(wire).startsWith("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        assertThat(wire.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(wire.split("\r\n")).allMatch(line -> line.length() <= 76);
        assertThat(wire).doesNotContain("\r\nFrom ", " \r\n", "\t\r\n").contains("=46rom ");
        assertThat(wire.chars()).allMatch(c -> c < 128);
        var decoded = (String) new MimeBodyPart(new ByteArrayInputStream(entity)).getContent();
        assertThat(decoded).isEqualTo(text.replace("\n", "\r\n"));
    }

    @Test
    void derivesTheSameMessageIdFromTheSameIdempotencyKeyAndADifferentOneOtherwise() {
        var one = PgpMime.messageId("advisory:1:v1:person-a", "tocsin@authority.example");
        assertThat(one).isEqualTo(PgpMime.messageId("advisory:1:v1:person-a", "tocsin@authority.example"))
                .matches("<[0-9a-f]{32}\\.tocsin@authority\\.example>")
                .isNotEqualTo(PgpMime.messageId("advisory:1:v1:person-b", "tocsin@authority.example"))
                .doesNotContain("person-a");
    }

    @Test
    void refusesAHeaderValueWithALineBreak() {
        assertThatThrownBy(() -> PgpMime.compose(null, "tocsin@authority.example", "victim@example.org\r\nBcc: x@evil.example",
                "Subject", "<id@x>", OffsetDateTime.now(), "text", "-----BEGIN PGP MESSAGE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
