package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.Browser;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

/**
 * Reading and acknowledging an advisory in a real Chromium: a recipient signs in, opens the
 * advisory from their list, reads it, acknowledges it and reports on its action with a comment;
 * then the author signs in and sees it all on the dashboard, whose charts are drawn under the
 * strict Content Security Policy with their stylesheet applied. Tagged {@code browser}: H2 only.
 */
@TocsinTest
@Tag("browser")
class AdvisoryBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Advisories advisories;

    Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void recipientReadsAcknowledgesAndReportsAndTheAuthoritySeesItOnTheDashboard() {
        var bank = accounts.organisation("banking");
        var executive = accounts.member(bank, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = advisories.create(author.person(), new Draft("Espionage against the City", "TLP:AMBER", "HIGH", 70,
                AdvisoryJson.SUMMARY, AdvisoryJson.BODY, "", List.of(new Draft.Action("Brief the board", "EXECUTIVE", 7)),
                new Draft.Audience(List.of(), List.of(bank.id().toString()), List.of(), List.of("EXECUTIVE")))).id();
        advisories.submit(author.person(), id);
        advisories.approve(approver.person(), id);
        advisories.publish(approver.person(), id);

        signIn(executive);
        browser.follow("#navigation a[href='/advisories']");
        browser.waitForPath("/advisories");
        assertThat(browser.text("#copies")).contains("Espionage against the City", "TLP:AMBER", "DELIVERED");
        browser.follow("#copies a");

        browser.waitForPath("/advisories/" + id);
        assertThat(browser.text("#title")).isEqualTo("Espionage against the City");
        assertThat(browser.text("#tlp")).isEqualTo("TLP:AMBER");
        // The reader's own copy: worded for them (issue 4), the same on the page as over the API.
        var copy = AdvisoryJson.read(new org.tocsin.ApiClient(port).get("/api/v1/advisories/" + id, executive.token()).body());
        // (Compared without the invisible marks, which the browser's text reading partly drops.)
        assertThat(browser.text("#summary").replaceAll("\\p{Cf}", ""))
                .isEqualTo(copy.get("summary").asString().replaceAll("\\p{Cf}", "").strip());
        assertThat(browser.text("#body")).contains("A careful campaign of lure");
        assertThat(browser.text("#state")).isEqualTo("VIEWED");
        assertPageIsClean();

        browser.type("#comment", "Read it to the board this morning");
        browser.follow("#acknowledge");
        browser.waitForPath("/advisories/" + id);
        assertThat(browser.text(".govuk-notification-banner")).contains("your acknowledgement is recorded");
        assertThat(browser.text("#acknowledged")).startsWith("You acknowledged this advisory on");
        assertThat(browser.text("#state")).isEqualTo("ACKNOWLEDGED");

        new Select(browser.find("#status-1")).selectByValue("DONE");
        browser.type("#comment-1", "Board briefed on Tuesday");
        browser.follow("#report-1");
        browser.waitForPath("/advisories/" + id);
        assertThat(browser.text("#action-1-status")).isEqualTo("DONE");
        assertThat(browser.text("main")).contains("Board briefed on Tuesday");
        assertPageIsClean();
        browser.follow("#sign-out");
        browser.waitForPath("/sign-in");

        signIn(author);
        browser.open("/advisories");
        browser.follow("#advisories a[href='/advisories/" + id + "/recipients']");
        browser.waitForPath("/advisories/" + id + "/recipients");
        assertThat(browser.text("#counts")).isEqualTo("1 recipients, 1 viewed, 1 acknowledged, 1 acted on, 0 late");
        assertThat(browser.text("#people")).contains(executive.username(), "ACKNOWLEDGED", "Read it to the board this morning",
                "1: DONE (Board briefed on Tuesday)");
        assertThat(browser.text("#nobody-late")).isEqualTo("Nobody is late.");
        assertThat(browser.text("#by-sector")).contains("Banking and finance");
        var chart = browser.find("#progress-chart");
        assertThat(chart.getRect().getWidth()).isGreaterThan(300);
        assertThat(chart.getRect().getHeight()).isGreaterThan(100);
        // The stylesheet reached the SVG: the "acted on" line is dotted and blue-violet, as tocsin.css says.
        assertThat(browser.driver().executeScript("return getComputedStyle(arguments[0]).strokeDasharray;",
                browser.find("#progress-chart .tocsin-chart-series--acted polyline"))).asString().contains("3");
        assertThat(browser.driver().executeScript("return getComputedStyle(arguments[0]).stroke;",
                browser.find("#progress-chart .tocsin-chart-series--acted polyline"))).isEqualTo("rgb(76, 44, 146)");
        assertThat(browser.find("#sector-chart rect").getDomAttribute("width")).isEqualTo("460.0");
        browser.screenshot(Path.of("target", "browser", "advisory-dashboard.png"));
        assertPageIsClean();
    }

    private void signIn(Accounts.Account account) {
        browser.open("/sign-in");
        browser.type("#username", account.username());
        browser.type("#password", account.password());
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in/code");
        browser.type("#code", account.code(0));
        browser.follow("#verify");
        browser.waitForPath("/");
    }

    /** The page's module script ran and the console holds no errors or warnings (no policy violations). */
    private void assertPageIsClean() {
        assertThat(browser.find("body").getDomAttribute("class")).as("body classes on %s", browser.path())
                .contains("govuk-frontend-supported");
        assertThat(browser.console()).as("console of %s", browser.path())
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(LogEntry::getMessage).isEmpty();
    }
}
