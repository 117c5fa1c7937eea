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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample application run as a process of its own ({@code java -jar}) for the durable-pact
 * end-to-end tests: started with extra arguments, read for its port, asked over HTTP, and killed with
 * {@code SIGKILL} ({@link Process#destroyForcibly()} on Linux), so that nothing of it runs at the end.
 */
final class DurableSampleProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final Path output;

	private final HttpClient http = HttpClient.newHttpClient();

	private int port;

	private DurableSampleProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts the jar with the given arguments (after {@code --server.port=0}) and waits for its port.
	 */
	static DurableSampleProcess start(String name, List<String> arguments) throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged sample application").exists();
		Path output = Files.createTempFile(jar.toAbsolutePath().getParent(), "durable-it-" + name + "-", ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0"));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		return new DurableSampleProcess(process, output);
	}

	/** Waits until the application listens, and returns this. */
	DurableSampleProcess awaitStarted() {
		this.port = Integer.parseInt(await().atMost(Duration.ofSeconds(90)).until(this::port, (port) -> port != null));
		return this;
	}

	/** Sends SIGKILL and waits for the process to be gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("the process died").isTrue();
	}

	String post(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(60))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String port() {
		Matcher matcher = PORT.matcher(output());
		if (matcher.find()) {
			return matcher.group(1);
		}
		assertThat(this.process.isAlive()).as("the sample application is running; output so far:%n%s", output())
			.isTrue();
		return null;
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
