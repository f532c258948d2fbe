package org.tocsin.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.tocsin.stix.StixObject;
import org.tocsin.stix.Validation;
import org.tocsin.stix.json.BundleReader;
import org.tocsin.stix.json.StixJson;
import org.tocsin.stix.json.StixJsonException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tocsin import}: sends a STIX 2.1 bundle to a TAXII collection of the server, in envelopes
 * of at most {@code --batch} objects. The file is checked whole first, so a malformed object stops
 * the import before anything is sent.
 */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = "Sends the objects of a STIX 2.1 bundle file to a collection (default: the submissions to the authority). "
                + "Every object is checked before anything is sent; each envelope is stored whole or not at all.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {Tocsin.EXIT_OK_HELP, "1:the server refused some objects (the summary says which and why)",
                Tocsin.EXIT_USAGE_HELP, Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class Import implements Callable<Integer> {

    static final String TAXII = "application/taxii+json;version=2.1";
    static final String SUBMISSIONS = "ddc77f14-73ae-5388-985c-496c8d7e1bd0";

    @Mixin
    private ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", description = "A STIX 2.1 bundle (JSON).")
    private Path file;

    @Option(names = "--collection", paramLabel = "ID", description = "The TAXII collection id; default: the submissions to the authority.")
    private String collection = SUBMISSIONS;

    @Option(names = "--attribution", paramLabel = "WHO",
            description = "For submissions: who may learn your organisation sent them: none (default), authority or everyone.")
    private String attribution = "none";

    @Option(names = "--batch", paramLabel = "N", description = "Objects per envelope (default 1000).")
    private int batch = 1000;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("none", "authority", "everyone").contains(attribution.toLowerCase(Locale.ROOT))) {
            throw new Failure(Tocsin.EXIT_USAGE, "--attribution must be none, authority or everyone");
        }
        if (batch < 1 || batch > 10_000) {
            throw new Failure(Tocsin.EXIT_USAGE, "--batch must be between 1 and 10000");
        }
        long count = check();
        var server = connection.server();
        var json = JsonMapper.builder().build();
        var err = spec.commandLine().getErr();
        int stored = 0;
        var failures = new ArrayList<String>();
        try (InputStream in = Files.newInputStream(file); var reader = BundleReader.open(in)) {
            var envelope = new ArrayList<String>();
            while (reader.hasNext()) {
                envelope.add(StixJson.write(reader.next()));
                if (envelope.size() == batch || !reader.hasNext()) {
                    var status = json.readTree(server.post("/taxii2/tocsin/collections/" + collection + "/objects/", TAXII,
                            "{\"objects\":[" + String.join(",", envelope) + "]}", Map.of("X-Tocsin-Attribution", attribution)));
                    stored += status.path("success_count").asInt();
                    status.path("failures").forEach(f -> failures.add(f.path("id").asString() + ": " + f.path("message").asString()));
                    envelope.clear();
                }
            }
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot read " + file + ": " + e.getMessage());
        }
        err.println("Sent " + count + " objects: " + stored + " stored (or already there), " + failures.size() + " refused.");
        failures.stream().limit(20).forEach(f -> err.println("  " + Server.printable(f)));
        return failures.isEmpty() ? Tocsin.EXIT_OK : Tocsin.EXIT_PROBLEM_FOUND;
    }

    /** Reads the whole file once, checking every object, so a broken file sends nothing. */
    private long check() {
        try (InputStream in = Files.newInputStream(file); var reader = BundleReader.open(in)) {
            long index = 0;
            while (reader.hasNext()) {
                StixObject object = reader.next();
                var problems = Validation.check(object, index++);
                if (!problems.isEmpty()) {
                    var p = problems.get(0);
                    throw new Failure(Tocsin.EXIT_USAGE, "Object " + p.objectId() + (p.property() == null ? "" : ", property '" + p.property() + "'")
                            + ": " + p.message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "")
                            + ". Nothing was sent.");
                }
            }
            return reader.count();
        } catch (StixJsonException e) {
            throw new Failure(Tocsin.EXIT_USAGE, file + " is not a valid STIX bundle: " + Server.printable(e.getMessage()) + ". Nothing was sent.");
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot read " + file + ": " + e.getMessage());
        }
    }
}
