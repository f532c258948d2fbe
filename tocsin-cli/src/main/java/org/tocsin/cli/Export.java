package org.tocsin.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tocsin export}: the indicators this account may see, in a format a tool loads. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = "Downloads the indicators you may see: stix (a STIX 2.1 bundle), csv, zeek (Zeek intel file), "
                + "suricata (rules), rpz (DNS response-policy zone), hosts or text (one value per line).",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_OK_HELP, Tocsin.EXIT_USAGE_HELP, Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class Export implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "stix, csv, zeek, suricata, rpz, hosts or text.")
    private String format;

    @Option(names = "--collection", paramLabel = "ID", description = "Only this collection (its TAXII id); default: all you may read.")
    private String collection;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only values of one kind: domain, ipv4, ipv6, url, email, md5, sha1, sha256.")
    private String kind;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (replaced whole, never half-written) instead of standard output.")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var query = new StringBuilder("/api/v1/intel/export?format=").append(encode(format));
        if (collection != null) {
            query.append("&collection=").append(encode(collection));
        }
        if (kind != null) {
            query.append("&kind=").append(encode(kind));
        }
        var text = connection.server().getText(query.toString());
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return Tocsin.EXIT_OK;
        }
        try {
            var parent = output.toAbsolutePath().getParent();
            var temporary = Files.createTempFile(parent, ".tocsin-export-", ".part");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot write " + output + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("Wrote " + text.lines().count() + " lines to " + output);
        return Tocsin.EXIT_OK;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
