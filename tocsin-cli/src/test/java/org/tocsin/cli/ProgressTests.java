package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The progress bar sweep draws on a terminal. */
class ProgressTests {

    @Test
    void drawsShareRateAndTimeLeftOnOneLineThenClearsIt() throws InterruptedException {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text));
        Thread.sleep(250);

        progress.show(50_000_000, 100_000_000);
        String drawn = text.toString();
        progress.clear();

        assertThat(drawn).startsWith("\r[###############               ]  50%").contains("MB/s", "s left").doesNotContain("\n");
        assertThat(text.toString()).endsWith("\r");
    }

    @Test
    void showsBytesReadWhenTheTotalIsUnknown() throws InterruptedException {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text));
        Thread.sleep(250);

        progress.show(3_000_000, -1);

        assertThat(text.toString()).startsWith("\r3 MB read,").contains("MB/s");
    }

    @Test
    void drawsNothingBeforeAFifthOfASecond() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text));

        progress.show(1, 2);
        progress.clear();

        assertThat(text.toString()).isEmpty();
    }
}
