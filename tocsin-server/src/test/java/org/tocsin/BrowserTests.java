package org.tocsin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** A machine without Chromium must fail the browser tests loudly, never pass them by skipping. */
class BrowserTests {

    @Test
    void refusesToStartWithoutChromiumAndSaysHowToInstallIt() {
        assertThatThrownBy(() -> Browser.open(8080, Path.of("/nonexistent/chromium"), Browser.CHROMEDRIVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/chromium is missing")
                .hasMessageContaining("scripts/test");
    }

    @Test
    void refusesToStartWithoutChromedriverAndSaysHowToInstallIt() {
        assertThatThrownBy(() -> Browser.open(8080, Browser.CHROMIUM, Path.of("/nonexistent/chromedriver")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/chromedriver is missing")
                .hasMessageContaining("scripts/test");
    }
}
