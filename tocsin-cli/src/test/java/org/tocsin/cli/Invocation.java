package org.tocsin.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of the tocsin command, with what it printed. */
record Invocation(int exitCode, String out, String err) {

    static Invocation of(Map<String, String> env, String... args) {
        return withInput(new ByteArrayInputStream(new byte[0]), env, args);
    }

    /** A run with {@code in} as its standard input. */
    static Invocation withInput(InputStream in, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Tocsin.run(args, in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Invocation(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Everything printed, on either stream. */
    String printed() {
        return out + err;
    }
}
