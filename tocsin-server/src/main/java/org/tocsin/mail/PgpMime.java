package org.tocsin.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.mail.internet.MimeUtility;

import org.tocsin.openpgp.OpenPgp;

/**
 * Tocsin's messages as bytes on the wire, in OpenPGP/MIME (RFC 3156): every message is either
 * {@code multipart/signed} (the text and a detached signature by the service) or
 * {@code multipart/encrypted} (one OpenPGP message, signed then encrypted, holding the text as a
 * MIME entity). The text is quoted-printable with CRLF line ends, so no mail server needs to
 * change a byte of what was signed.
 */
final class PgpMime {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private PgpMime() {}

    /** The text as a MIME entity, headers and body, canonical (CRLF): what is signed or encrypted. */
    static byte[] textEntity(String text) {
        var out = new StringBuilder(text.length() + 128);
        out.append("Content-Type: text/plain; charset=UTF-8\r\n");
        out.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        out.append(quotedPrintable(text));
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The whole message. With {@code encrypted} (an armoured OpenPGP message made by
     * {@link OpenPgp#signAndEncrypt} over a {@link #textEntity}) it is {@code multipart/encrypted};
     * otherwise the text is signed here and sent as {@code multipart/signed}.
     */
    static String compose(OpenPgp openPgp, String from, String to, String subject, String messageId,
            OffsetDateTime date, String text, String encrypted) {
        for (var value : new String[] {from, to, subject, messageId}) {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("A header value may not contain a line break");
            }
        }
        var boundary = "tocsin-" + HexFormat.of().formatHex(randomBytes(12));
        var out = new StringBuilder(4096);
        header(out, "From", from);
        header(out, "To", to);
        header(out, "Subject", encodeHeader(subject));
        header(out, "Date", DATE.format(date));
        header(out, "Message-ID", messageId);
        header(out, "Auto-Submitted", "auto-generated");
        header(out, "MIME-Version", "1.0");
        if (encrypted != null) {
            header(out, "Content-Type", "multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n\tboundary=\""
                    + boundary + "\"");
            out.append("\r\nThis is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n");
            out.append("--").append(boundary).append("\r\n");
            out.append("Content-Type: application/pgp-encrypted\r\n");
            out.append("Content-Description: PGP/MIME version identification\r\n\r\n");
            out.append("Version: 1\r\n\r\n");
            out.append("--").append(boundary).append("\r\n");
            out.append("Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n");
            out.append("Content-Description: OpenPGP encrypted message\r\n");
            out.append("Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n");
            out.append(crlf(encrypted));
            if (!encrypted.endsWith("\n")) {
                out.append("\r\n");
            }
            out.append("\r\n--").append(boundary).append("--\r\n");
            return out.toString();
        }
        var signed = textEntity(text);
        var signature = openPgp.signDetached(signed);
        header(out, "Content-Type", "multipart/signed; micalg=" + openPgp.micalg()
                + "; protocol=\"application/pgp-signature\";\r\n\tboundary=\"" + boundary + "\"");
        out.append("\r\nThis is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n");
        out.append("--").append(boundary).append("\r\n");
        // The CRLF before the next boundary belongs to the boundary, not to the signed part.
        out.append(new String(signed, StandardCharsets.US_ASCII));
        out.append("\r\n--").append(boundary).append("\r\n");
        out.append("Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n");
        out.append("Content-Description: OpenPGP digital signature\r\n");
        out.append("Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n");
        out.append(crlf(signature));
        out.append("\r\n--").append(boundary).append("--\r\n");
        return out.toString();
    }

    /**
     * A Message-ID made from the idempotency key: every attempt to send one notification carries
     * the same id, so a message sent twice after a crash is recognisably the same message.
     */
    static String messageId(String idempotencyKey, String from) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            int at = from.lastIndexOf('@');
            var domain = at < 0 ? "localhost" : from.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
            return "<" + HexFormat.of().formatHex(digest, 0, 16) + ".tocsin@" + (domain.isEmpty() ? "localhost" : domain) + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Quoted-printable (RFC 2045 §6.7) with CRLF line ends; a line beginning "From " is protected too. */
    static String quotedPrintable(String text) {
        var lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        var out = new StringBuilder(text.length() + text.length() / 8 + 16);
        for (int l = 0; l < lines.length; l++) {
            if (l == lines.length - 1 && lines[l].isEmpty()) {
                break; // the text ended with a line break
            }
            var bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int width = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String piece;
                if ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)) {
                    piece = (i == 0 && b == 'F' && lines[l].startsWith("From ")) ? "=46" : String.valueOf((char) b);
                } else {
                    piece = String.format(Locale.ROOT, "=%02X", b);
                }
                if (width + piece.length() > 75) {
                    out.append("=\r\n");
                    width = 0;
                }
                out.append(piece);
                width += piece.length();
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String encodeHeader(String value) {
        try {
            return MimeUtility.fold(9, MimeUtility.encodeText(value, "UTF-8", "Q"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values are checked for line breaks in {@link #compose}; only folding added here may contain one. */
    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append("\r\n");
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
