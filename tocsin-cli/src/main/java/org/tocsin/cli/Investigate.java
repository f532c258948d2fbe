package org.tocsin.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tocsin investigate FILE}: sends leaked material (text in UTF-8, or a PDF) to the server's
 * leak investigation, for an auditor, and prints the recipients ranked by how well their copies
 * fit. Exits 0 when the server finds enough for a conclusion and 1 when it does not.
 */
@Command(name = "investigate",
        mixinStandardHelpOptions = true,
        description = "Traces leaked material (a text file or a PDF) to the recipients whose fingerprinted copies "
                + "it fits best, with the probability that an innocent recipient would fit as well. Auditors only.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                "0:Enough of the advisory's fingerprint was read for a conclusion.",
                "1:Not enough for a conclusion (too little text, or no advisory matched).",
                Tocsin.EXIT_USAGE_HELP, Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class Investigate implements Callable<Integer> {

    static final long MAX_BYTES = 10 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "FILE", description = "The leaked material: a text file (UTF-8) or a PDF.")
    private Path file;

    @Option(names = "--advisory", paramLabel = "ID", description = "The advisory it came from, if known.")
    private UUID advisory;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    record Candidate(String username, String organisation, Double score, Double falseMatchProbability, String sharedBy) {
    }

    record Result(String advisory, String title, Integer version, Integer slotsObserved, Boolean enough,
            String conclusion, List<Candidate> candidates, List<String> invisibleMarks) {
    }

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Failure(Tocsin.EXIT_USAGE, file + " is larger than 10 MB; investigate the part that matters");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot read " + file + ": " + e.getMessage());
        }
        var server = connection.server();
        String answer;
        String text = utf8(bytes);
        if (text != null && !isPdf(bytes)) {
            var body = new LinkedHashMap<String, Object>();
            body.put("text", text);
            if (advisory != null) {
                body.put("advisory", advisory.toString());
            }
            answer = server.post("/api/v1/investigations", "application/json", JSON.writeValueAsString(body), Map.of());
        } else {
            var boundary = "tocsin-" + UUID.randomUUID();
            answer = server.post("/api/v1/investigations", "multipart/form-data; boundary=" + boundary,
                    multipart(boundary, file.getFileName().toString(), bytes, advisory));
        }
        Result result;
        try {
            result = JSON.readValue(answer, Result.class);
        } catch (RuntimeException e) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer is not an investigation");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer);
        } else {
            print(out, result);
        }
        return Boolean.TRUE.equals(result.enough()) ? Tocsin.EXIT_OK : Tocsin.EXIT_PROBLEM_FOUND;
    }

    private static void print(PrintWriter out, Result r) {
        out.println("Advisory:        " + (r.title() == null ? "(none matched)"
                : Server.printable(r.title()) + ", version " + r.version() + " (" + r.advisory() + ")"));
        out.println("Slots observed:  " + (r.slotsObserved() == null ? 0 : r.slotsObserved()));
        out.println("Conclusion:      " + (Boolean.TRUE.equals(r.enough()) ? "enough" : "NOT enough") + ". "
                + Server.printable(r.conclusion()));
        if (r.candidates() != null && !r.candidates().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-4s %-40s %-30s %8s  %s%n", "rank", "recipient", "organisation", "score",
                    "chance an innocent copy fits as well");
            int rank = 1;
            for (var c : r.candidates()) {
                out.printf(Locale.ROOT, "%-4d %-40s %-30s %8.2f  %.2e%s%n", rank++, Server.printable(c.username()),
                        Server.printable(c.organisation()), c.score() == null ? 0 : c.score(),
                        c.falseMatchProbability() == null ? 1 : c.falseMatchProbability(),
                        c.sharedBy() == null ? "" : "  (shared on by " + Server.printable(c.sharedBy()) + ")");
            }
        }
        if (r.invisibleMarks() != null && !r.invisibleMarks().isEmpty()) {
            out.println();
            out.println("Invisible marks (not part of the ranking) name: "
                    + Server.printable(String.join(", ", r.invisibleMarks())));
        }
    }

    private static boolean isPdf(byte[] bytes) {
        return bytes.length >= 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] multipart(String boundary, String filename, byte[] content, UUID advisory) {
        var body = new ByteArrayOutputStream();
        var safeName = filename.replaceAll("[\"\\\\\r\n]", "_");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safeName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        if (advisory != null) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"advisory\"\r\n\r\n"
                    + advisory).getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
