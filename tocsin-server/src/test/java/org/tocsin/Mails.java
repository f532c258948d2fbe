package org.tocsin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Reading Tocsin's mail as a recipient's mail client would: every message is OpenPGP/MIME, either
 * {@code multipart/signed} (readable text plus a signature) or {@code multipart/encrypted}.
 */
public final class Mails {

    private Mails() {}

    /** The two parts of a signed message: the exact bytes that were signed, and the armoured signature. */
    public record Signed(byte[] signedPart, String signature, String text) {}

    /** The message exactly as it arrived. */
    public static String raw(MimeMessage message) {
        try {
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String type(MimeMessage message) {
        try {
            return new ContentType(message.getContentType()).getBaseType().toLowerCase();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The readable text of a message that is not encrypted. */
    public static String text(MimeMessage message) {
        return signed(message).text();
    }

    /** A {@code multipart/signed} message taken apart on its boundary, as RFC 3156 says to verify it. */
    public static Signed signed(MimeMessage message) {
        try {
            if (!type(message).equals("multipart/signed")) {
                throw new AssertionError("Not a signed message but " + message.getContentType());
            }
            var contentType = new ContentType(message.getContentType());
            if (!"application/pgp-signature".equals(contentType.getParameter("protocol"))) {
                throw new AssertionError("Not OpenPGP/MIME: " + message.getContentType());
            }
            var boundary = "--" + contentType.getParameter("boundary");
            var raw = raw(message);
            int first = raw.indexOf(boundary + "\r\n");
            int start = first + boundary.length() + 2;
            int end = raw.indexOf("\r\n" + boundary, start);
            var signed = raw.substring(start, end).getBytes(StandardCharsets.UTF_8);
            var multipart = (MimeMultipart) message.getContent();
            var text = (String) multipart.getBodyPart(0).getContent();
            var signatureStream = multipart.getBodyPart(1).getInputStream();
            var signature = new String(signatureStream.readAllBytes(), StandardCharsets.US_ASCII);
            return new Signed(signed, signature, text);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The armoured OpenPGP message of a {@code multipart/encrypted} message. */
    public static String encrypted(MimeMessage message) {
        try {
            if (!type(message).equals("multipart/encrypted")) {
                throw new AssertionError("Not an encrypted message but " + message.getContentType());
            }
            var multipart = (MimeMultipart) message.getContent();
            var version = new String(multipart.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!version.strip().equals("Version: 1")) {
                throw new AssertionError("PGP/MIME version part says " + version);
            }
            return new String(multipart.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text inside a decrypted message (a MIME entity), decoded. */
    public static String entityText(byte[] entity) {
        try {
            var part = new MimeBodyPart(new ByteArrayInputStream(entity));
            return (String) part.getContent();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Session session() {
        return Session.getInstance(new Properties());
    }
}
