package org.tocsin.cli.sweep;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * Sweeps logs for the indicators of an {@link IndicatorSet}, on several threads.
 *
 * <p>A file is cut into chunks of a few megabytes; each chunk holds the lines that <em>start</em>
 * in it, so a line that crosses a cut belongs to the chunk before. Threads read their chunks with
 * positional reads into their own buffer and parse them; standard input and compressed files are
 * read in order on the calling thread and handed to the threads in blocks that end at a line end.
 * Matches are reported in the order of the logs and their lines, whatever the number of threads,
 * once the line counts of the chunks before are known.
 *
 * <p>Memory stays bounded whatever the input: each thread has one buffer, at most a few chunks
 * are in flight, and a line longer than the longest line allowed is counted and skipped without
 * being held.
 */
public final class Sweeper {

    /** Lines longer than this are counted as too long and skipped. */
    public static final int DEFAULT_MAX_LINE = 1 << 20;

    private static final int CHUNK = 16 << 20;
    private static final int BLOCK = 4 << 20;
    private static final int HEAD = 64 << 10;

    private final IndicatorSet set;
    private final int threads;
    private final int maxLine;
    private final int bufferSize;
    private final long chunkSize;
    private LogTime times = new LogTime(ZoneOffset.UTC, Instant.now());

    /**
     * @param set the indicators to look for
     * @param threads how many threads parse logs (at least 1)
     * @param maxLine the longest line, in bytes, that is parsed
     */
    public Sweeper(IndicatorSet set, int threads, int maxLine) {
        this(set, threads, maxLine, CHUNK, BLOCK);
    }

    /** As the public constructor, with the sizes of file chunks and stream blocks chosen (for tests). */
    Sweeper(IndicatorSet set, int threads, int maxLine, long chunkSize, int blockSize) {
        this.set = set;
        this.threads = Math.max(1, threads);
        this.maxLine = maxLine;
        this.bufferSize = Math.max(blockSize, maxLine * 2);
        this.chunkSize = chunkSize;
    }

    /**
     * Reads the times of matching lines written without a zone in {@code times}' zone (UTC
     * unless this is called).
     *
     * @return this sweeper
     */
    public Sweeper readingTimes(LogTime times) {
        this.times = times;
        return this;
    }

    /** Receives what a sweep finds, on the thread that called {@link #sweep}. */
    public interface Listener {

        /** A match, in log and line order. */
        void matched(Match match);

        /** Called as work completes; {@code total} is -1 while a stream's size is unknown. */
        default void progressed(long done, long total) {
        }
    }

    /**
     * What a sweep read in one log.
     *
     * @param name the log's name
     * @param format the format it was read as
     * @param bytes bytes read
     * @param lines lines read
     * @param malformed lines not of the format, skipped
     * @param binary lines holding control bytes (binary data), skipped
     * @param tooLong lines longer than the longest allowed, skipped
     * @param matches (line, indicator) matches
     * @param matchedLines lines with at least one match
     */
    public record LogSummary(String name, LogFormat format, long bytes, long lines, long malformed, long binary,
                             long tooLong, long matches, long matchedLines) {
    }

    /**
     * Sweeps the logs in order, reporting matches and progress to the listener.
     *
     * @return what was read in each log
     * @throws SweepException if a log cannot be read or its format cannot be told
     */
    public List<LogSummary> sweep(List<LogInput> inputs, Listener listener) throws SweepException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(set, maxLine, times));
        Run run = new Run(listener, pool, workers, totalSize(inputs));
        try {
            for (LogInput input : inputs) {
                run.sweep(input);
            }
            run.drain(0);
            return run.summaries;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long totalSize(List<LogInput> inputs) {
        long total = 0;
        for (LogInput input : inputs) {
            if (input.path() == null) {
                return -1;
            }
            try {
                total += Files.size(input.path());
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** The state of one call of {@link #sweep}: the chunks in flight, in order. */
    private final class Run {

        private final Listener listener;
        private final ExecutorService pool;
        private final ThreadLocal<Worker> workers;
        private final long total;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private final List<LogSummary> summaries = new ArrayList<>();
        private long done;

        Run(Listener listener, ExecutorService pool, ThreadLocal<Worker> workers, long total) {
            this.listener = listener;
            this.pool = pool;
            this.workers = workers;
            this.total = total;
        }

        void sweep(LogInput input) throws SweepException {
            if (input.path() == null) {
                sweepStream(input, input.stream());
                return;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(input.path(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new SweepException("Cannot read the log " + input.name() + ": no such file");
            } catch (AccessDeniedException e) {
                throw new SweepException("Cannot read the log " + input.name() + ": permission denied");
            } catch (IOException e) {
                throw new SweepException("Cannot read the log " + input.name() + ": " + e.getMessage());
            }
            boolean handedOver = false;
            try {
                if (Files.isDirectory(input.path())) {
                    throw new SweepException("Cannot read the log " + input.name() + ": it is a directory");
                }
                long size = channel.size();
                byte[] head = new byte[(int) Math.min(HEAD, size)];
                readFully(channel, head, 0, head.length, 0);
                if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                    channel.close();
                    handedOver = true;
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(input.path()), 1 << 16)) {
                        sweepStream(input, in);
                    }
                    return;
                }
                LogFormat format = format(input, head, head.length);
                LineParser parser = parser(input, format, head, head.length);
                FileTally tally = new FileTally(input.name(), format);
                for (long from = 0; from < size; from += chunkSize) {
                    long start = from;
                    long end = Math.min(size, from + chunkSize);
                    enqueue(tally, pool.submit(() -> workers.get().scanFile(channel, size, start, end, parser)));
                }
                enqueue(tally, CompletableFuture.completedFuture(Chunk.closing(channel)));
                handedOver = true;
            } catch (IOException e) {
                throw new SweepException("Cannot read the log " + input.name() + ": " + e.getMessage());
            } finally {
                if (!handedOver) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing was read that closing could lose
                    }
                }
            }
        }

        private LogFormat format(LogInput input, byte[] head, int length) {
            return input.format() != null ? input.format() : LogFormat.detect(head, length);
        }

        private LineParser parser(LogInput input, LogFormat format, byte[] head, int length) throws SweepException {
            LineParser parser = format.parser(head, length);
            if (parser == null) {
                throw new SweepException("Cannot read the log " + input.name() + " as " + format.label()
                        + ": it has no #fields line among its first lines");
            }
            return parser;
        }

        private void sweepStream(LogInput input, InputStream in) throws SweepException {
            try {
                byte[] block = new byte[bufferSize];
                int length = fill(in, block, 0);
                LogFormat format = format(input, block, Math.min(length, HEAD));
                LineParser parser = parser(input, format, block, Math.min(length, HEAD));
                FileTally tally = new FileTally(input.name(), format);
                while (length > 0) {
                    boolean atEnd = length < block.length;
                    int cut = length;
                    if (!atEnd) {
                        int nl = lastNewline(block, length);
                        if (nl < 0) {
                            // One line fills the whole block: too long to parse; skip to its end.
                            long skipped = length + skipLine(in);
                            enqueue(tally, CompletableFuture.completedFuture(Chunk.tooLongLine(skipped)));
                            length = fill(in, block, 0);
                            continue;
                        }
                        cut = nl + 1;
                    }
                    byte[] full = block;
                    int fullLength = cut;
                    enqueue(tally, pool.submit(() -> workers.get().scanBlock(full, fullLength, parser)));
                    byte[] nextBlock = new byte[bufferSize];
                    int carried = length - cut;
                    System.arraycopy(block, cut, nextBlock, 0, carried);
                    block = nextBlock;
                    length = atEnd ? 0 : carried + fill(in, block, carried);
                }
                enqueue(tally, CompletableFuture.completedFuture(Chunk.closing(null)));
                drain(0);
            } catch (IOException e) {
                throw new SweepException("Cannot read the log " + input.name() + ": " + e.getMessage());
            }
        }

        private void enqueue(FileTally tally, Future<Chunk> chunk) throws SweepException {
            pending.add(new Pending(tally, chunk));
            drain(threads * 3);
        }

        /** Reports finished chunks in order until at most {@code keep} are in flight. */
        void drain(int keep) throws SweepException {
            while (pending.size() > keep) {
                Pending p = pending.poll();
                Chunk chunk;
                try {
                    chunk = p.chunk().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SweepException("Interrupted");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    String why = cause instanceof UncheckedIOException u ? u.getCause().getMessage() : String.valueOf(cause);
                    throw new SweepException("Cannot read the log " + p.tally().name + ": " + why);
                }
                FileTally t = p.tally();
                if (chunk.closing) {
                    if (chunk.closes != null) {
                        try {
                            chunk.closes.close();
                        } catch (IOException ignored) {
                            // read only: nothing to lose
                        }
                    }
                    summaries.add(t.summary());
                    continue;
                }
                for (Chunk.Found f : chunk.found) {
                    listener.matched(new Match(t.name, t.lines + f.line(), set.indicator(f.entry()), f.observed(), f.seen()));
                }
                t.add(chunk);
                done += chunk.bytes;
                listener.progressed(done, total);
            }
        }
    }

    private record Pending(FileTally tally, Future<Chunk> chunk) {
    }

    /** Running totals of one log, added up in line order. */
    private static final class FileTally {
        final String name;
        final LogFormat format;
        long bytes;
        long lines;
        long malformed;
        long binary;
        long tooLong;
        long matches;
        long matchedLines;

        FileTally(String name, LogFormat format) {
            this.name = name;
            this.format = format;
        }

        void add(Chunk c) {
            bytes += c.bytes;
            lines += c.lines;
            malformed += c.malformed;
            binary += c.binary;
            tooLong += c.tooLong;
            matches += c.found.size();
            matchedLines += c.matchedLines;
        }

        LogSummary summary() {
            return new LogSummary(name, format, bytes, lines, malformed, binary, tooLong, matches, matchedLines);
        }
    }

    private static int fill(InputStream in, byte[] b, int from) throws IOException {
        int at = from;
        while (at < b.length) {
            int n = in.read(b, at, b.length - at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return at - from;
    }

    private static long skipLine(InputStream in) throws IOException {
        long skipped = 0;
        int c;
        while ((c = in.read()) >= 0) {
            skipped++;
            if (c == '\n') {
                break;
            }
        }
        return skipped;
    }

    private static int lastNewline(byte[] b, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static void readFully(FileChannel channel, byte[] b, int from, int length, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, from, length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("the file became shorter while it was read");
            }
            at += n;
        }
    }
}
