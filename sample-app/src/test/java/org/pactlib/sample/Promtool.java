package org.pactlib.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promtool check metrics} (Debian package {@code prometheus}, installed by {@code .ci/run}) on a
 * Prometheus scrape.
 */
final class Promtool {

	private Promtool() {
	}

	/**
	 * Asserts that promtool can parse the scrape and finds no lint problem in the pact meters; lint
	 * problems of Boot's and Micrometer's own meters are allowed.
	 * @param scrape the text of {@code /actuator/prometheus}
	 * @throws AssertionError if promtool is missing, cannot parse it, or lints a pact meter
	 */
	static void assertAccepts(String scrape) throws IOException, InterruptedException {
		Process promtool;
		try {
			promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new AssertionError("promtool is not installed: install the Debian package prometheus "
					+ "(apt-get install -y prometheus), as .ci/run does", ex);
		}
		promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
		promtool.getOutputStream().close();
		String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		// 0: clean; 3: lint problems only (Boot's and Micrometer's own meters have some); 1: not parsable.
		assertThat(promtool.exitValue()).as("promtool check metrics said: %s", output).isIn(0, 3);
		assertThat(output.lines()).as("lint problems of the pact meters").noneMatch((line) -> line.startsWith("pact"));
	}

}
