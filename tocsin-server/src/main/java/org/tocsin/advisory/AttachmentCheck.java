package org.tocsin.advisory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.tocsin.membership.Refusal;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.Validation;
import org.tocsin.stix.json.StixJson;
import org.tocsin.stix.json.StixJsonException;

/**
 * Decides what an uploaded file is from its content, never from its name, and checks that it is
 * wholly that: a PDF (begins {@code %PDF-}, opens in PDFBox, not encrypted, no JavaScript), STIX
 * 2.1 JSON (begins with {@code {}, reads as a STIX object or bundle, validates, and carries no
 * TLP label stricter than the advisory's), or plain text (UTF-8, no control characters other than
 * line breaks and tabs, no bidirectional overrides). The name must then agree with what the
 * content is. Every refusal names the field {@code file} and says what was wrong and where.
 */
final class AttachmentCheck {

    private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "text", "md", "csv", "log");

    private AttachmentCheck() {}

    /** A safe name to store and to offer for download: the last path segment, no control characters. */
    static String fileName(String original) {
        if (original == null || original.isBlank()) {
            throw Refusal.invalid("file", "Give the file a name, such as report.pdf");
        }
        var name = original.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw Refusal.invalid("file", "Give the file a name, such as report.pdf");
        }
        if (name.length() > 200) {
            throw Refusal.invalid("file", "Use a file name of at most 200 characters; it has " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || bidiControl(c) || c == '"') {
                throw Refusal.invalid("file", "Remove the character at position " + (i + 1) + " of the file name");
            }
        }
        return name;
    }

    static Attachment.Kind kind(String fileName, byte[] content, long maxBytes, Tlp advisoryLabel) {
        if (content.length == 0) {
            throw Refusal.invalid("file", "The file '" + fileName + "' is empty");
        }
        if (content.length > maxBytes) {
            throw Refusal.invalid("file", "The file '" + fileName + "' is " + size(content.length) + "; attachments may be at most "
                    + size(maxBytes));
        }
        var extension = extension(fileName);
        if (startsWith(content, "%PDF-")) {
            checkPdf(fileName, content);
            expect(fileName, extension, Set.of("pdf"), "a PDF", ".pdf");
            return Attachment.Kind.PDF;
        }
        var text = utf8(fileName, content);
        var start = text.startsWith("\uFEFF") ? 1 : 0;
        var trimmed = text.substring(start).stripLeading();
        if (trimmed.startsWith("{")) {
            checkStix(fileName, text.substring(start), advisoryLabel);
            expect(fileName, extension, Set.of("json"), "STIX JSON", ".json");
            return Attachment.Kind.STIX;
        }
        checkText(fileName, text);
        if (!TEXT_EXTENSIONS.contains(extension)) {
            throw Refusal.invalid("file", "The file '" + fileName + "' is plain text; name it .txt, .md, .csv or .log "
                    + "(Tocsin takes PDF, plain text and STIX JSON)");
        }
        return Attachment.Kind.TEXT;
    }

    private static void checkPdf(String fileName, byte[] content) {
        try (var pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted()) {
                throw Refusal.invalid("file", "The PDF '" + fileName + "' is encrypted; attach it without a password");
            }
            if (pdf.getNumberOfPages() == 0) {
                throw Refusal.invalid("file", "The PDF '" + fileName + "' has no pages");
            }
            var catalog = pdf.getDocumentCatalog();
            boolean script = catalog.getOpenAction() instanceof PDActionJavaScript
                    || (catalog.getNames() != null && catalog.getNames().getJavaScript() != null);
            if (script) {
                throw Refusal.invalid("file", "The PDF '" + fileName + "' contains JavaScript; attach a PDF without scripts");
            }
        } catch (InvalidPasswordException e) {
            throw Refusal.invalid("file", "The PDF '" + fileName + "' is password-protected; attach it without a password");
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw Refusal.invalid("file", "The file '" + fileName + "' begins like a PDF but is not a readable PDF: "
                    + shorten(e.getMessage()));
        }
    }

    private static void checkStix(String fileName, String json, Tlp advisoryLabel) {
        java.util.List<org.tocsin.stix.Problem> problems;
        java.util.List<org.tocsin.stix.StixObject> objects;
        try {
            var object = StixJson.readObject(json);
            if ("bundle".equals(object.type())) {
                var bundle = StixJson.readBundle(json);
                problems = Validation.check(bundle);
                objects = bundle.objects();
            } else {
                problems = Validation.check(object);
                objects = java.util.List.of(object);
            }
        } catch (StixJsonException e) {
            throw Refusal.invalid("file", "The file '" + fileName + "' is not valid STIX JSON: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid("file", "The STIX in '" + fileName + "' is not valid: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        }
        for (int i = 0; i < objects.size(); i++) {
            var label = objects.get(i).tlp();
            if (label.isPresent() && label.get().isStricterThan(advisoryLabel)) {
                throw Refusal.invalid("file", "The STIX in '" + fileName + "' has " + objects.get(i).id() + " labelled "
                        + label.get().label() + ", stricter than the advisory's " + advisoryLabel.label()
                        + ": an advisory takes the strictest label of what it carries, so raise its label first");
            }
        }
    }

    private static void checkText(String fileName, String text) {
        int line = 1;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            column++;
            if (c == '\n') {
                line++;
                column = 0;
                continue;
            }
            if ((Character.isISOControl(c) && c != '\r' && c != '\t') || bidiControl(c) || (c == '\uFEFF' && i > 0)) {
                throw Refusal.invalid("file", "The file '" + fileName + "' is not plain text: line " + line + ", column "
                        + column + " holds the control character U+" + String.format(Locale.ROOT, "%04X", (int) c));
            }
        }
    }

    private static String utf8(String fileName, byte[] content) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            int at = firstBadByte(content);
            throw Refusal.invalid("file", "The file '" + fileName + "' is neither a PDF nor text in UTF-8 (byte " + (at + 1)
                    + " is not UTF-8); Tocsin takes PDF, plain text and STIX JSON");
        }
    }

    private static int firstBadByte(byte[] content) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(content);
        var out = java.nio.CharBuffer.allocate(content.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : content.length - 1;
    }

    private static void expect(String fileName, String extension, Set<String> allowed, String what, String suffix) {
        if (!allowed.contains(extension)) {
            throw Refusal.invalid("file", "The file '" + fileName + "' is " + what + "; name it " + suffix);
        }
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] content, String prefix) {
        var bytes = prefix.getBytes(StandardCharsets.US_ASCII);
        if (content.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (content[i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** The Unicode bidirectional embedding, override and isolate controls ("Trojan Source"). */
    private static boolean bidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String shorten(String message) {
        var m = String.valueOf(message);
        return m.length() <= 160 ? m : m.substring(0, 160) + "…";
    }
}
