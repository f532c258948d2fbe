package org.tocsin.advisory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.tocsin.stix.Tlp;

/**
 * One recipient's copy of an advisory as a PDF (Apache PDFBox). Every page carries the TLP label
 * right-justified in its header and footer, in the label's colour on black and at 12 pt as TLP 2.0
 * asks, and the recipient's name, organisation and copy serial twice: in the footer, and as a
 * watermark across the page. The body and annex are Markdown rendered plainly (headings, text,
 * lists, code); anything the standard PDF fonts cannot show is replaced by a question mark.
 */
final class CopyPdf {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 56;
    private static final float TOP = PAGE.getHeight() - 80;
    private static final float BOTTOM = 72;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final Parser MARKDOWN = Parser.builder().build();

    /** Who the copy is for. */
    record Reader(String name, String organisation, String serial) {

        String watermark() {
            return name + " · " + organisation + " · " + serial;
        }
    }

    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private PDPageContentStream page;
    private float y;

    private CopyPdf() {}

    static byte[] render(Copy copy, Reader reader, List<Attachment> attachments) {
        var pdf = new CopyPdf();
        try {
            return pdf.write(copy, reader, attachments);
        } catch (IOException e) {
            throw new IllegalStateException("Could not make the PDF copy", e);
        } finally {
            try {
                pdf.document.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private byte[] write(Copy copy, Reader reader, List<Attachment> attachments) throws IOException {
        var a = copy.advisory();
        var info = document.getDocumentInformation();
        info.setTitle(clean(a.tlp().label() + " " + a.title(), regular));
        info.setSubject("Tocsin advisory, copy " + reader.serial());
        info.setCreator("Tocsin");
        newPage();

        text(a.title(), bold, 18, 0, 24);
        y -= 4;
        text(a.tlp().label() + "   Severity " + a.severity() + (a.confidence() == null ? "" : "   Confidence "
                + a.confidence() + " of 100") + "   Published " + a.publishedAt().toLocalDate() + "   Version "
                + a.version(), regular, 9, 0, 12);
        text("Copy for " + reader.name() + ", " + reader.organisation() + ". Serial " + reader.serial()
                + ". Share it only as " + a.tlp().label() + " allows.", regular, 9, 0, 12);
        y -= 8;

        heading("Summary", 13);
        text(a.summary(), regular, 11, 0, 15);
        heading("The advisory", 13);
        markdown(a.body());
        heading("Recommended actions", 13);
        for (var action : a.actions()) {
            text(action.n() + ". " + action.text(), bold, 11, 0, 15);
            text("Owner: " + action.ownerRole().label() + ". Due by "
                    + a.publishedAt().plusDays(action.dueDays()).toLocalDate() + ".", regular, 10, 16, 14);
            y -= 3;
        }
        if (a.annex() != null && !a.annex().isBlank()) {
            heading("Technical annex", 13);
            markdown(a.annex());
        }
        if (!attachments.isEmpty()) {
            heading("Attachments (in the portal)", 13);
            for (var attachment : attachments) {
                text("• " + attachment.fileName() + " (" + attachment.kind().label() + ", "
                        + AttachmentCheck.size(attachment.size()) + "), SHA-256 " + attachment.sha256(), regular, 9, 0, 12);
            }
        }
        page.close();
        marks(a.tlp(), reader);
        var out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    // ----- the marks on every page -----

    private void marks(Tlp tlp, Reader reader) throws IOException {
        int pages = document.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            var p = document.getPage(i);
            try (var s = new PDPageContentStream(document, p, PDPageContentStream.AppendMode.APPEND, true, true)) {
                label(s, tlp, PAGE.getHeight() - 44);
                label(s, tlp, 30);
                s.setNonStrokingColor(0.25f, 0.25f, 0.25f);
                line(s, "Tocsin advisory", regular, 9, MARGIN, PAGE.getHeight() - 40);
                line(s, "Copy for " + reader.name() + ", " + reader.organisation() + " · serial " + reader.serial()
                        + " · page " + (i + 1) + " of " + pages, regular, 8, MARGIN, 34);
                watermark(s, reader);
            }
        }
    }

    /** The label right-justified, 12 pt bold, in its TLP 2.0 colour on black. */
    private void label(PDPageContentStream s, Tlp tlp, float baseline) throws IOException {
        var text = tlp.label();
        float size = 12;
        float width = bold.getStringWidth(text) / 1000 * size;
        float x = PAGE.getWidth() - MARGIN - width;
        s.setNonStrokingColor(0f, 0f, 0f);
        s.addRect(x - 6, baseline - 4, width + 12, size + 6);
        s.fill();
        float[] rgb = switch (tlp) {
            case RED -> new float[] {1f, 0x2B / 255f, 0x2B / 255f};
            case AMBER, AMBER_STRICT -> new float[] {1f, 0xC0 / 255f, 0f};
            case GREEN -> new float[] {0x33 / 255f, 1f, 0f};
            case CLEAR -> new float[] {1f, 1f, 1f};
        };
        s.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
        line(s, text, bold, size, x, baseline);
    }

    /** The reader's name, organisation and serial across the page, light but plainly visible. */
    private void watermark(PDPageContentStream s, Reader reader) throws IOException {
        var state = new PDExtendedGraphicsState();
        state.setNonStrokingAlphaConstant(0.16f);
        s.saveGraphicsState();
        s.setGraphicsStateParameters(state);
        s.setNonStrokingColor(0.35f, 0.35f, 0.35f);
        var text = clean(reader.watermark(), bold);
        float diagonal = (float) Math.hypot(PAGE.getWidth(), PAGE.getHeight());
        float size = Math.min(26, diagonal * 0.6f * 1000 / Math.max(1, bold.getStringWidth(text)));
        float width = bold.getStringWidth(text) / 1000 * size;
        for (float centreY : new float[] {PAGE.getHeight() * 0.28f, PAGE.getHeight() * 0.52f, PAGE.getHeight() * 0.76f}) {
            s.beginText();
            s.setFont(bold, size);
            var matrix = Matrix.getRotateInstance(Math.toRadians(35), PAGE.getWidth() / 2, centreY);
            matrix.translate(-width / 2, 0);
            s.setTextMatrix(matrix);
            s.showText(text);
            s.endText();
        }
        s.restoreGraphicsState();
    }

    private void line(PDPageContentStream s, String text, PDType1Font font, float size, float x, float baseline)
            throws IOException {
        s.beginText();
        s.setFont(font, size);
        s.newLineAtOffset(x, baseline);
        s.showText(clean(text, font));
        s.endText();
    }

    // ----- flowing text -----

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        var p = new PDPage(PAGE);
        document.addPage(p);
        page = new PDPageContentStream(document, p);
        page.setNonStrokingColor(0f, 0f, 0f);
        y = TOP;
    }

    private void heading(String text, float size) throws IOException {
        y -= 8;
        if (y - size * 3 < BOTTOM) {
            newPage();
        }
        text(text, bold, size, 0, size + 5);
        y -= 2;
    }

    /** Wraps the text to the width; a line break in it starts a new line. */
    private void text(String text, PDType1Font font, float size, float indent, float leading) throws IOException {
        for (var paragraph : clean(text, font).split("\n", -1)) {
            for (var line : wrap(paragraph, font, size, WIDTH - indent)) {
                if (y - leading < BOTTOM) {
                    newPage();
                }
                y -= leading;
                page.beginText();
                page.setFont(font, size);
                page.newLineAtOffset(MARGIN + indent, y);
                page.showText(line);
                page.endText();
            }
        }
    }

    private List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        var lines = new ArrayList<String>();
        var current = new StringBuilder();
        for (var word : text.split(" ", -1)) {
            var candidate = current.isEmpty() ? word : current + " " + word;
            if (width(candidate, font, size) <= width) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (!current.isEmpty()) {
                lines.add(current.toString());
                current.setLength(0);
            }
            // A word longer than the line (a URL, a hash) is cut where it must be.
            var rest = word;
            while (width(rest, font, size) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), font, size) > width) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        lines.add(current.toString());
        return lines;
    }

    private static float width(String text, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    // ----- Markdown, plainly -----

    private void markdown(String source) throws IOException {
        var document = MARKDOWN.parse(source == null ? "" : source);
        for (var node = document.getFirstChild(); node != null; node = node.getNext()) {
            block(node, 0);
        }
    }

    private void block(Node node, float indent) throws IOException {
        if (node instanceof Heading heading) {
            y -= 4;
            text(inline(heading), bold, heading.getLevel() <= 2 ? 12 : 11, indent, 16);
        } else if (node instanceof Paragraph) {
            text(inline(node), regular, 11, indent, 15);
            y -= 5;
        } else if (node instanceof BulletList || node instanceof OrderedList) {
            int n = node instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
                    ? ordered.getMarkerStartNumber() : 1;
            for (var item = node.getFirstChild(); item != null; item = item.getNext()) {
                if (item instanceof ListItem) {
                    listItem(item, indent, node instanceof OrderedList ? (n++) + ". " : "• ");
                }
            }
            y -= 3;
        } else if (node instanceof FencedCodeBlock code) {
            text(code.getLiteral().stripTrailing(), mono, 9, indent + 8, 11);
            y -= 5;
        } else if (node instanceof IndentedCodeBlock code) {
            text(code.getLiteral().stripTrailing(), mono, 9, indent + 8, 11);
            y -= 5;
        } else if (node instanceof BlockQuote) {
            for (var child = node.getFirstChild(); child != null; child = child.getNext()) {
                block(child, indent + 16);
            }
        } else if (node instanceof ThematicBreak) {
            y -= 6;
        } else if (!(node instanceof HtmlBlock)) {
            text(inline(node), regular, 11, indent, 15);
        }
    }

    private void listItem(Node item, float indent, String marker) throws IOException {
        boolean first = true;
        for (var child = item.getFirstChild(); child != null; child = child.getNext()) {
            if (first && child instanceof Paragraph) {
                text(marker + inline(child), regular, 11, indent + 8, 15);
            } else {
                block(child, indent + 20);
            }
            first = false;
        }
    }

    private static String inline(Node node) {
        var out = new StringBuilder();
        inline(node, out);
        return out.toString();
    }

    private static void inline(Node node, StringBuilder out) {
        for (var child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text text) {
                out.append(text.getLiteral());
            } else if (child instanceof Code code) {
                out.append(code.getLiteral());
            } else if (child instanceof SoftLineBreak) {
                out.append(' ');
            } else if (child instanceof HardLineBreak) {
                out.append('\n');
            } else if (child instanceof Link link) {
                var before = out.length();
                inline(link, out);
                var label = out.substring(before);
                if (!label.equals(link.getDestination())) {
                    out.append(" (").append(link.getDestination()).append(')');
                }
            } else if (child instanceof Image image) {
                out.append("[image: ");
                inline(image, out);
                out.append(']');
            } else if (!(child instanceof HtmlInline)) {
                inline(child, out);
            }
        }
    }

    /** Keeps what the font can show; tabs become spaces, other control characters and unknown glyphs '?'. */
    private String clean(String text, PDType1Font font) {
        var out = new StringBuilder(text.length());
        text.replace("\r\n", "\n").codePoints().forEach(c -> {
            if (c == '\n') {
                out.append('\n');
            } else if (c == '\t') {
                out.append("    ");
            } else if (Character.getType(c) == Character.FORMAT) {
                // Zero-width characters (the copy's invisible marks among them) have no glyph: leave them out.
            } else if (Character.isISOControl(c)) {
                out.append('?');
            } else if (encodable.computeIfAbsent(c + (font == mono ? 0x1000000 : 0), k -> canShow(font, c))) {
                out.appendCodePoint(c);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static boolean canShow(PDType1Font font, int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
