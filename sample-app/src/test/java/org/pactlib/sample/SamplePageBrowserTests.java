package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pactlib.sample.storage.Deletions;
import org.pactlib.test.VirtualTime;
import org.pactlib.test.spring.AutoConfigurePacts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at {@code /} in headless Chromium, against the sample on virtual time: deleting one entry
 * takes a virtual second, so a deletion stays on the page until the test moves the time, while the
 * page itself refreshes every real second. Each test waits for what the page shows with
 * {@link WebDriverWait}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigurePacts(virtualTime = true)
class SamplePageBrowserTests {

	private static final Duration PAGE = Duration.ofSeconds(10);

	private static final Pattern STARTED = Pattern.compile("Started deletion (\\S+) of ");

	@TempDir
	static Path root;

	@TempDir
	static Path profile;

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	@Autowired
	VirtualTime time;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> root.toString());
		registry.add("sample.storage.delay-per-file", () -> "1s");
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void openPage() {
		if (browser == null) {
			browser = HeadlessChromium.start(profile);
		}
		browser.get("http://localhost:" + this.port + "/");
		waitUntil("the page has listed the pacts once", () -> !text(By.id("updated")).isEmpty());
	}

	@Test
	void deletionStartedWithTheFormAppearsWithItsAgeDeadlineAndState() throws IOException {
		Path tree = Trees.create(root.resolve("shown"), 2, 2);
		browser.findElement(By.id("path")).sendKeys(tree.toString());
		browser.findElement(By.id("deadline")).sendKeys("30");
		browser.findElement(By.cssSelector("#start-deletion button[type=submit]")).click();
		waitUntil("the form says the deletion started", () -> STARTED.matcher(text(By.id("message"))).find());
		Matcher started = STARTED.matcher(text(By.id("message")));
		assertThat(started.find()).isTrue();
		String id = started.group(1);
		waitUntil("the deletion is listed", () -> cell(id, "state").equals("PENDING"));
		assertThat(cell(id, "name")).isEqualTo("storage.delete");
		assertThat(cell(id, "description")).isEqualTo("Deleting " + tree);
		assertThat(cell(id, "age")).isEqualTo("0s");
		assertThat(cell(id, "deadline")).endsWith("(in 30s)");
		this.time.advance(Duration.ofSeconds(5));
		waitUntil("the age and deadline moved on", () -> cell(id, "age").equals("5s"));
		assertThat(cell(id, "deadline")).endsWith("(in 25s)");
		assertThat(get(id).state()).isEqualTo("PENDING");
		this.time.advance(Duration.ofSeconds(5));
		waitUntil("the finished deletion left the list", () -> row(id).isEmpty());
	}

	@Test
	void cancelOnThePageEndsTheDeletionCancelledAndTheRestOfTheTreeStays() throws IOException {
		Path tree = Trees.create(root.resolve("cancelled"), 2, 2);
		String id = start(tree, null).id();
		this.time.advance(Duration.ofMillis(2500));
		waitUntil("the deletion is listed", () -> !row(id).isEmpty());
		waitUntil("cancel was clicked", () -> {
			row(id).get(0).findElement(By.cssSelector("button.cancel")).click();
			return true;
		});
		waitUntil("the page says it was cancelled", () -> text(By.id("message")).equals("Cancelled pact " + id));
		waitUntil("the cancelled deletion left the list", () -> row(id).isEmpty());
		assertThat(get(id).state()).isEqualTo("CANCELLED");
		this.time.advance(Duration.ofSeconds(20));
		assertThat(get(id).state()).isEqualTo("CANCELLED");
		assertThat(Trees.entries(tree)).as("entries left of the 7 after 2 were deleted").isEqualTo(5);
	}

	@Test
	void finishedDeletionLeavesTheList() throws IOException {
		Path tree = Trees.create(root.resolve("finished"), 2, 2);
		String id = start(tree, null).id();
		waitUntil("the deletion is listed", () -> !row(id).isEmpty());
		this.time.advance(Duration.ofSeconds(8));
		assertThat(get(id).state()).isEqualTo("FINISHED");
		assertThat(tree).doesNotExist();
		waitUntil("the finished deletion left the list", () -> row(id).isEmpty());
	}

	@Test
	void overdueDeletionIsMarked() throws IOException {
		Path tree = Trees.create(root.resolve("overdue"), 2, 2);
		String id = start(tree, "PT3S").id();
		waitUntil("the deletion is listed", () -> !row(id).isEmpty());
		assertThat(row(id).get(0).getAttribute("class")).doesNotContain("overdue");
		this.time.advance(Duration.ofSeconds(4));
		waitUntil("the deletion is marked overdue", () -> cell(id, "state").equals("PENDING overdue"));
		assertThat(row(id).get(0).getAttribute("class")).contains("overdue");
		assertThat(cell(id, "deadline")).endsWith("(1s ago)");
		this.time.advance(Duration.ofSeconds(4));
		waitUntil("the finished deletion left the list", () -> row(id).isEmpty());
	}

	@Test
	void badPathShowsTheProblemDetail() {
		browser.findElement(By.id("path")).sendKeys("relative/path");
		browser.findElement(By.cssSelector("#start-deletion button[type=submit]")).click();
		waitUntil("the problem detail is shown",
				() -> text(By.id("message")).equals("400: path must be absolute: relative/path"));
		assertThat(browser.findElement(By.id("message")).getAttribute("class")).contains("error");
	}

	private Deletions.View start(Path tree, String deadline) {
		String json = (deadline != null) ? "{\"path\":\"" + tree + "\",\"deadline\":\"" + deadline + "\"}"
				: "{\"path\":\"" + tree + "\"}";
		return this.client.post().uri("/deletions").contentType(MediaType.APPLICATION_JSON).body(json)
			.exchange().expectStatus().isAccepted()
			.expectBody(Deletions.View.class).returnResult().getResponseBody();
	}

	private Deletions.View get(String id) {
		return this.client.get().uri("/deletions/{id}", id).exchange().expectStatus().isOk()
			.expectBody(Deletions.View.class).returnResult().getResponseBody();
	}

	private static List<WebElement> row(String id) {
		return browser.findElements(By.cssSelector("#pacts tbody tr[data-id='" + id + "']"));
	}

	private static String cell(String id, String column) {
		List<WebElement> row = row(id);
		return row.isEmpty() ? "" : row.get(0).findElement(By.cssSelector("td." + column)).getText();
	}

	private static String text(By element) {
		return browser.findElement(element).getText();
	}

	private static void waitUntil(String what, BooleanSupplier condition) {
		new WebDriverWait(browser, PAGE).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> condition.getAsBoolean());
	}

}
