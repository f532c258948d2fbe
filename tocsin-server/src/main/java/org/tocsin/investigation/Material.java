package org.tocsin.investigation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.web.multipart.MultipartFile;
import org.tocsin.membership.Refusal;

/** The text of uploaded material: a PDF's extracted text, or a text file in UTF-8. */
final class Material {

    private Material() {}

    static String text(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw Refusal.invalid("file", "Choose the file of leaked material to upload; it is empty");
        }
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw Refusal.invalid("file", "The upload could not be read; send it again");
        }
        if (bytes.length >= 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            return pdfText(bytes);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("file", "The file is neither a PDF nor text in UTF-8: upload a PDF or a text file, "
                    + "or paste the text (for a photo or a scan, the text a reader or OCR made of it)");
        }
    }

    private static String pdfText(byte[] bytes) {
        try (var document = Loader.loadPDF(bytes)) {
            var stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document);
        } catch (IOException e) {
            throw Refusal.invalid("file", "The PDF could not be read (it may be damaged or encrypted); paste its text instead");
        }
    }
}
