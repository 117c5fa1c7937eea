package org.pactlib.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}), headless, driven through Debian's ChromeDriver
 * ({@code /usr/bin/chromedriver}) with a fresh profile, in a 1200x800 window. Both are required: when
 * one is missing a test fails, unless it runs outside CI ({@code CI} is not {@code true}) with
 * {@code PACT_BROWSER_TESTS=skip}, where it is skipped with a message saying so.
 */
final class HeadlessChromium {

	static final Path BINARY = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private static final String INSTALL = "apt-get install -y --no-install-recommends chromium chromium-driver";

	private HeadlessChromium() {
	}

	/**
	 * Starts the browser.
	 * @param profile an empty directory for its user data
	 * @return the driver; {@code quit()} it when done
	 * @throws AssertionError if Chromium or its driver is missing and the tests may not be skipped
	 */
	static ChromeDriver start(Path profile) {
		requireInstalled();
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1200,800");
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().window().setSize(new Dimension(1200, 800));
		return driver;
	}

	private static void requireInstalled() {
		List<String> missing = new ArrayList<>();
		for (Path path : new Path[] { BINARY, DRIVER }) {
			if (!Files.isExecutable(path)) {
				missing.add(path.toString());
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
		if (!ci && "skip".equalsIgnoreCase(System.getenv("PACT_BROWSER_TESTS"))) {
			Assumptions.abort("Browser test skipped: " + missing + " missing and PACT_BROWSER_TESTS=skip");
		}
		throw new AssertionError("Browser test needs " + missing + ": install them with `" + INSTALL
				+ "` (as .ci/run does)" + (ci ? "" : ", or set PACT_BROWSER_TESTS=skip to skip it on this machine"));
	}

}
