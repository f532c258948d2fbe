package org.tocsin.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose bytes are final: what was signed is exactly what goes out, and every attempt
 * sends the same bytes. Jakarta Mail would otherwise rewrite headers and re-encode parts on
 * sending ({@code saveChanges}).
 */
final class FixedMessage extends MimeMessage {

    FixedMessage(String wire) throws MessagingException {
        super(Session.getInstance(new Properties()), new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void saveChanges() {
        // nothing to update: the message was composed and signed once, and is sent as it is
    }
}
