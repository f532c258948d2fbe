package org.tocsin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.Accounts;
import org.tocsin.Browser;
import org.tocsin.TestDatabase;
import org.tocsin.membership.Role;

/**
 * Passkeys as the alternative second factor, in Debian's Chromium with a virtual authenticator:
 * a signed-in person adds a passkey, and at the next sign-in answers the second step with it.
 * WebAuthn binds a passkey to the site's origin, so this test runs the server on a port it
 * chose and tells the server that origin.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "tocsin.demo.enabled=false",
        "tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
        "tocsin.data-dir=target/test-data"})
@ContextConfiguration(initializers = TestDatabase.class)
class PasskeyTests {

    private static final int PORT = freePort();
    private static final String SITE = "http://localhost:" + PORT;

    @DynamicPropertySource
    static void site(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("tocsin.membership.base-url", () -> SITE);
    }

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    Browser session;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        session = Browser.open(PORT);
        browser = session.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    @AfterEach
    void stopBrowser() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aPersonAddsAPasskeyAndSignsInWithItInsteadOfACode() {
        var lead = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);

        password(lead);
        wait.until(ExpectedConditions.urlToBe(SITE + "/sign-in/code"));
        assertThat(browser.findElements(By.id("use-passkey"))).as("no passkey offered before one is added").isEmpty();
        browser.findElement(By.id("code")).sendKeys(lead.code(0));
        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("welcome")));

        browser.get(SITE + "/profile/passkeys");
        browser.findElement(By.id("passkey-label")).clear();
        browser.findElement(By.id("passkey-label")).sendKeys("Test laptop");
        browser.findElement(By.id("add-passkey")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("passkey-list")));
        assertThat(browser.findElement(By.id("passkey-list")).getText()).contains("Test laptop");

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.urlContains("/sign-in?signed-out"));

        password(lead);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("use-passkey"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("welcome")));
        assertThat(browser.getCurrentUrl()).isEqualTo(SITE + "/");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = :who AND action = 'sign-in' AND detail = 'password and passkey'")
                .param("who", lead.username()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aPasskeyIsNotOfferedToSomeoneWhoHasNone() {
        var executive = accounts.member(accounts.organisation("energy"), Role.EXECUTIVE);

        password(executive);
        wait.until(ExpectedConditions.urlToBe(SITE + "/sign-in/code"));

        assertThat(browser.findElements(By.id("use-passkey"))).isEmpty();
    }

    private void password(Accounts.Account account) {
        browser.get(SITE + "/sign-in");
        browser.findElement(By.id("username")).sendKeys(account.username());
        browser.findElement(By.id("password")).sendKeys(account.password());
        browser.findElement(By.id("sign-in")).click();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
