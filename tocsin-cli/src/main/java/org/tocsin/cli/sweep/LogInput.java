package org.tocsin.cli.sweep;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * A log to sweep: a file, which is split between threads at line boundaries, or a stream
 * (standard input), which is read in order and parsed by the threads block by block.
 *
 * @param name how matches and the summary name the log
 * @param path the file, or {@code null} for a stream
 * @param stream the stream, or {@code null} for a file
 * @param format the format to read it as, or {@code null} to tell from its first lines
 */
public record LogInput(String name, Path path, InputStream stream, LogFormat format) {

    /** A log file, named as given. */
    public static LogInput file(Path path, LogFormat format) {
        return new LogInput(path.toString(), path, null, format);
    }

    /** A log read from a stream. */
    public static LogInput stream(String name, InputStream stream, LogFormat format) {
        return new LogInput(name, null, stream, format);
    }
}
