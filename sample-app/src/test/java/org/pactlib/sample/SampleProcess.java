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
 * The packaged sample application ({@code java -jar}, the jar of the failsafe property {@code sample.jar})
 * running as a process of its own on a free port, with a small heap and the C1 compiler only so that
 * several start quickly on a small machine, its standard output and error in a file under
 * {@code target/}, and a {@link HttpClient} to talk to it. {@link #start} returns once Tomcat listens;
 * {@link #launch} returns at once, for {@link #awaitStarted} later. {@link #terminate} sends SIGTERM,
 * {@link #kill} SIGKILL ({@link Process#destroyForcibly()} on Linux); {@link #close} kills the process
 * if it still runs. Not thread-safe: one thread drives it at a time.
 */
final class SampleProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration REQUEST = Duration.ofSeconds(60);

	private static final Duration DEATH = Duration.ofSeconds(20);

	private final Process process;

	private final Path output;

	private final HttpClient http = HttpClient.newHttpClient();

	private int port;

	private SampleProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Returns the packaged jar, which must exist.
	 * @return its path
	 */
	static Path jar() {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged sample application").exists();
		return jar.toAbsolutePath();
	}

	/**
	 * Creates a new, empty directory under {@code target/}, next to the jar.
	 * @param prefix the start of its name
	 * @return the directory
	 * @throws IOException if it cannot be created
	 */
	static Path directoryUnderTarget(String prefix) throws IOException {
		return Files.createTempDirectory(jar().getParent(), prefix).toRealPath();
	}

	/**
	 * Starts {@code java -jar} on the packaged jar with {@code --server.port=0} and the given arguments,
	 * and waits until it listens.
	 * @param arguments further command-line arguments ({@code --name=value})
	 * @return the running application
	 * @throws IOException if the process cannot be started
	 * @throws AssertionError if it ends, or does not listen within 90 seconds
	 */
	static SampleProcess start(String... arguments) throws IOException {
		return launch("sample-process", arguments).awaitStarted();
	}

	/**
	 * Starts {@code java -jar} on the packaged jar with {@code --server.port=0} and the given arguments,
	 * and returns at once.
	 * @param name the start of the output file's name, to tell several processes apart
	 * @param arguments further command-line arguments ({@code --name=value})
	 * @return the application, which may not listen yet
	 * @throws IOException if the process cannot be started
	 */
	static SampleProcess launch(String name, String... arguments) throws IOException {
		Path jar = jar();
		Path output = Files.createTempFile(jar.getParent(), name + "-", ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new SampleProcess(process, output);
	}

	/**
	 * Waits until the application listens; if it does not, kills it.
	 * @return this
	 * @throws AssertionError if it ends, or does not listen within 90 seconds
	 */
	SampleProcess awaitStarted() {
		try {
			this.port = Integer.parseInt(await().atMost(STARTUP).until(() -> firstMatch(PORT), (match) -> match != null));
		}
		catch (RuntimeException | Error ex) {
			this.process.destroyForcibly();
			throw ex;
		}
		return this;
	}

	/**
	 * Returns the port it listens on.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * Returns what the process printed so far.
	 * @return its standard output and error
	 */
	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends {@code GET}.
	 * @param path the path and query
	 * @return the response
	 */
	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/**
	 * Sends {@code POST} with a JSON body.
	 * @param path the path
	 * @param json the body
	 * @return the response
	 */
	HttpResponse<String> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * Sends {@code POST} without a body.
	 * @param path the path and query
	 * @return the response
	 */
	HttpResponse<String> post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Sends {@code DELETE}.
	 * @param path the path
	 * @return the response
	 */
	HttpResponse<String> delete(String path) {
		return send(request(path).DELETE());
	}

	/**
	 * Sends SIGTERM and waits for the process to end.
	 * @param atMost how long it may take
	 * @return how long it took
	 * @throws AssertionError if it still runs after {@code atMost}
	 */
	Duration terminate(Duration atMost) throws InterruptedException {
		long start = System.nanoTime();
		this.process.destroy();
		assertThat(this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS))
			.as("the process ended within %s of SIGTERM; output:%n%s", atMost, output())
			.isTrue();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Sends SIGKILL and waits for the process to be gone.
	 * @throws AssertionError if it still runs 20 seconds later
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(DEATH.toMillis(), TimeUnit.MILLISECONDS)).as("the process died of SIGKILL")
			.isTrue();
	}

	/**
	 * Returns the body of a response, which must have the given status.
	 * @param response the response
	 * @param status the status it must have
	 * @return its body
	 * @throws AssertionError if its status is another, with the request and the body in the message
	 */
	static String bodyOf(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(), response.body())
			.isEqualTo(status);
		return response.body();
	}

	/**
	 * Kills the process if it still runs, without waiting.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(REQUEST);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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

}
