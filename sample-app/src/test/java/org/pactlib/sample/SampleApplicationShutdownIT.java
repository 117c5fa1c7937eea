package org.pactlib.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the packaged sample application ({@code java -jar}) as a process of its own, gives it pending
 * pacts (polled once an hour, so still pending at shutdown), sends it SIGTERM and reads its output: the registry's shutdown lines must be there, and the
 * wait must be bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}, not the longer grace
 * period.
 */
class SampleApplicationShutdownIT {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private Path output;

	private Process process;

	@AfterEach
	void killProcess() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void sigtermLogsTheWaitAndEveryCancelledPactWithinThePhaseTimeout() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged sample application").exists();
		this.output = Files.createTempFile(jar.toAbsolutePath().getParent(), "shutdown-it-", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.process = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=0",
				"--pact.shutdown.grace-period=20s", "--spring.lifecycle.timeout-per-shutdown-phase=2s",
				"--pact.poll-interval=1h", "--pact.names[report.export].poll-interval=1h")
			.redirectErrorStream(true)
			.redirectOutput(this.output.toFile())
			.start();
		int port = Integer.parseInt(await().atMost(Duration.ofSeconds(90))
			.until(() -> firstMatch(PORT), (match) -> match != null));
		HttpClient http = HttpClient.newHttpClient();
		post(http, port, "/exports?report=q1");
		post(http, port, "/purges?directory=/data/x");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get(http, port, "/pending").contains("Purging /data/x"));
		long start = System.nanoTime();
		this.process.destroy();
		assertThat(this.process.waitFor(15, TimeUnit.SECONDS)).as("the process ended within 15s of SIGTERM").isTrue();
		Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
		String log = output();
		assertThat(log).contains("Waiting up to 1800ms for 2 pending pacts")
			.containsPattern("Cancelling pact \\d+ \\(report\\.export\\) at shutdown: <Pact: Exporting q1>")
			.containsPattern("Cancelling pact \\d+ \\(ExportService\\.purge\\) at shutdown: <Pact: Purging /data/x>")
			.contains("Export of q1 ended");
		assertThat(shutdown).as("shutdown took the phase timeout, not the grace period").isLessThan(Duration.ofSeconds(10));
	}

	private String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String firstMatch(Pattern pattern) {
		Matcher matcher = pattern.matcher(output());
		if (matcher.find()) {
			return matcher.group(1);
		}
		assertThat(this.process.isAlive()).as("the sample application is running; output so far:%n%s", output())
			.isTrue();
		return null;
	}

	private static void post(HttpClient http, int port, String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
					.POST(HttpRequest.BodyPublishers.noBody())
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(202);
	}

	private static String get(HttpClient http, int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
