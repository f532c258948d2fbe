package org.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.Browser;
import org.tocsin.TocsinTest;
import org.tocsin.identity.Totp;
import org.tocsin.membership.Role;

/**
 * The sign-in journey as a person sees it, in a real Chromium: enrolment of the second factor,
 * signing in and out, error messages, keyboard use, and pages that work under the strict Content
 * Security Policy. Tagged {@code browser}, so it runs once, on H2: the database makes no difference
 * to what the browser shows.
 */
@TocsinTest
@Tag("browser")
class SignInBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

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
    void newPersonEnrolsTheirAuthenticatorThenSignsOutAndBackIn() {
        var organisation = accounts.organisation("water");
        var person = accounts.unenrolled(organisation, Role.SECURITY_LEAD);

        browser.open("/sign-in");
        browser.type("#username", person.username());
        browser.type("#password", person.password());
        browser.follow("#sign-in");

        browser.waitForPath("/sign-in/enrol");
        assertThat(browser.text("h1")).isEqualTo("Set up your authenticator app");
        assertThat(imageShown("img.tocsin-qr")).as("the QR code is shown").isTrue();
        // What a person without a camera does: read the key off the page into their app.
        var key = browser.text("#secret");
        assertThat(key).matches("[A-Z2-7]{4}( [A-Z2-7]{1,4})+");
        var secret = key.replace(" ", "");
        browser.type("#code", Totp.code(secret, Totp.stepAt(Instant.now())));
        browser.follow("#enrol");

        browser.waitForPath("/sign-in/enrol");
        assertThat(browser.text("h1")).isEqualTo("Your second factor is set up");
        var recoveryCodes = browser.findAll("#recovery-codes li").stream().map(li -> li.getText()).toList();
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates().allSatisfy(code -> assertThat(code).isNotBlank());
        browser.follow("#continue");

        browser.waitForPath("/");
        assertThat(browser.text("#welcome")).isEqualTo("Welcome, " + person.person().displayName());
        assertThat(browser.text("#organisation")).isEqualTo(organisation.name());
        assertThat(browser.text("#sectors")).isEqualTo("Water");
        browser.screenshot(Path.of("target", "browser", "home.png"));
        browser.follow("#sign-out");

        browser.waitForPath("/sign-in");
        assertThat(browser.query()).isEqualTo("signed-out");
        assertThat(browser.text("main")).contains("You have signed out.");

        browser.type("#username", person.username());
        browser.type("#password", person.password());
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in/code");
        // The next step's code: the one used to enrol may not be used again.
        browser.type("#code", Totp.code(secret, Totp.stepAt(Instant.now()) + 1));
        browser.follow("#verify");

        browser.waitForPath("/");
        assertThat(browser.text("#welcome")).isEqualTo("Welcome, " + person.person().displayName());
        assertThat(browser.text("#organisation")).isEqualTo(organisation.name());
    }

    @Test
    void wrongPasswordShowsTheSameErrorAsAnUnknownPersonAndStaysOnSignIn() {
        var person = accounts.member(accounts.organisation(), Role.ANALYST);

        browser.open("/sign-in");
        browser.type("#username", person.username());
        browser.type("#password", "not the password");
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in");
        var wrongPassword = errors();

        browser.type("#username", "nobody-" + person.username());
        browser.type("#password", "not the password");
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in");
        var unknownPerson = errors();

        assertThat(wrongPassword.summary()).isEqualTo("There is a problem\nEnter a correct e-mail address and password");
        assertThat(wrongPassword.field()).isEqualTo("Error: Enter a correct e-mail address and password");
        assertThat(unknownPerson).isEqualTo(wrongPassword);
        assertThat(browser.text("h1")).isEqualTo("Sign in to Tocsin");
        assertThat(browser.findAll("#welcome")).isEmpty();
    }

    @Test
    void pagesRunTheirScriptsUnderTheContentSecurityPolicyWithoutConsoleErrors() {
        var person = accounts.unenrolled(accounts.organisation(), Role.ORG_ADMIN);

        browser.open("/sign-in");
        assertPageIsClean();
        browser.type("#username", person.username());
        browser.type("#password", person.password());
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in/enrol");
        assertPageIsClean();
        var secret = browser.text("#secret").replace(" ", "");
        browser.type("#code", Totp.code(secret, Totp.stepAt(Instant.now())));
        browser.follow("#enrol");
        browser.waitForPath("/sign-in/enrol");
        assertPageIsClean();
        browser.follow("#continue");
        browser.waitForPath("/");
        assertPageIsClean();
        assertThat(loadedTypefaces()).as("typefaces loaded on the home page").contains("GDS Transport");
        for (var path : new String[] {"/organisation", "/profile/tokens"}) {
            browser.open(path);
            browser.waitForPath(path);
            assertPageIsClean();
        }

        // The other side of the same check: an inline script is refused, and the refusal reaches the
        // console read above, so a clean console really means no violation happened.
        browser.driver().executeScript("""
                var script = document.createElement('script');
                script.textContent = 'document.body.dataset.inline = "ran"';
                document.head.appendChild(script);""");
        assertThat(browser.find("body").getDomAttribute("data-inline")).isNull();
        assertThat(browser.console()).extracting(LogEntry::getMessage)
                .anySatisfy(message -> assertThat(message).contains("Content Security Policy"));
    }

    @Test
    void signInCanBeCompletedWithTheKeyboardAlone() {
        var person = accounts.member(accounts.organisation(), Role.EXECUTIVE);
        var keyboard = new Actions(browser.driver());

        browser.open("/sign-in");
        assertThat(focused()).isEqualTo("username");
        keyboard.sendKeys(person.username()).sendKeys(Keys.TAB).perform();
        assertThat(focused()).isEqualTo("password");
        keyboard.sendKeys(person.password()).sendKeys(Keys.TAB).perform();
        assertThat(focused()).isEqualTo("sign-in");
        browser.leaving(() -> keyboard.sendKeys(Keys.ENTER).perform());

        browser.waitForPath("/sign-in/code");
        assertThat(focused()).isEqualTo("code");
        browser.leaving(() -> keyboard.sendKeys(person.code(0)).sendKeys(Keys.ENTER).perform());

        browser.waitForPath("/");
        assertThat(browser.text("#welcome")).isEqualTo("Welcome, " + person.person().displayName());
    }

    @Test
    void afterSignOutNeitherBackNorReopeningShowsTheHomePage() {
        var person = accounts.member(accounts.organisation(), Role.ANALYST);
        browser.open("/sign-in");
        browser.type("#username", person.username());
        browser.type("#password", person.password());
        browser.follow("#sign-in");
        browser.waitForPath("/sign-in/code");
        browser.type("#code", person.code(0));
        browser.follow("#verify");
        browser.waitForPath("/");
        assertThat(browser.findAll("#welcome")).hasSize(1);

        browser.follow("#sign-out");
        browser.waitForPath("/sign-in");

        browser.leaving(() -> browser.driver().navigate().back());
        browser.waitForPath("/sign-in");
        assertThat(browser.findAll("#welcome")).isEmpty();
        assertThat(browser.text("body")).doesNotContain(person.username());

        browser.open("/");
        browser.waitForPath("/sign-in");
        assertThat(browser.findAll("#welcome")).isEmpty();
    }

    /** What the person reads: the error summary at the top, and the message on the field. */
    private record Errors(String summary, String field) {}

    private Errors errors() {
        // The field's "Error:" prefix is for screen readers; Chromium lays it out on a line of its own.
        return new Errors(browser.text(".govuk-error-summary"), browser.text(".govuk-error-message").replaceAll("\\s+", " "));
    }

    private String focused() {
        return browser.driver().switchTo().activeElement().getDomAttribute("id");
    }

    /** The families of the web fonts the page has loaded, once loading has finished. */
    @SuppressWarnings("unchecked")
    private List<String> loadedTypefaces() {
        return ((List<String>) browser.driver().executeScript("""
                return document.fonts.ready.then(fonts =>
                    [...fonts].filter(font => font.status === 'loaded').map(font => font.family.replaceAll('"', '')));"""))
                .stream().distinct().toList();
    }

    private boolean imageShown(String cssSelector) {
        return (Boolean) browser.driver().executeScript(
                "var image = document.querySelector(arguments[0]); return image.complete && image.naturalWidth > 0;",
                cssSelector);
    }

    /**
     * The page's module script ran (it marks the body, as GOV.UK Frontend expects, so a script blocked
     * by the policy or broken by an error would show here), and the console holds no errors or warnings:
     * no policy violations, script errors or resources that failed to load.
     */
    private void assertPageIsClean() {
        assertThat(browser.find("body").getDomAttribute("class")).as("body classes on %s", browser.path())
                .contains("govuk-frontend-supported");
        assertThat(browser.console()).as("console of %s", browser.path())
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(LogEntry::getMessage).isEmpty();
    }
}
