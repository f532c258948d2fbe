package org.tocsin;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} options of the benchmarks' command lines (bench/README.md). */
public final class BenchOptions {

    /**
     * The options by name, in order. Refuses anything that is not {@code --name value}, and any
     * of {@code required} missing, with {@code usage} in the message.
     */
    public static Map<String, String> parse(String[] args, String usage, String... required) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, not " + args[i] + "; usage: " + usage);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (var name : required) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + " is missing; usage: " + usage);
            }
        }
        return options;
    }

    private BenchOptions() {
    }
}
