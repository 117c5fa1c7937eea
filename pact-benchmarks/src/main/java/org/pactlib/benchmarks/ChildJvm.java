package org.pactlib.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement in a fresh JVM: {@code java <jvm options> -cp <this class path> <main class>
 * key=value...}, with this JVM's {@code java} and class path (the benchmark jar), and returns the
 * {@link ChildProtocol result lines} it printed. Its whole output goes to a log file of its own.
 */
final class ChildJvm {

	private final Path logDirectory;

	private final String classPath = System.getProperty("java.class.path");

	private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	ChildJvm(Path logDirectory) {
		this.logDirectory = logDirectory;
	}

	/**
	 * Runs a child and waits for it.
	 * @param label names the log file, for instance {@code sweep-100000}
	 * @param jvmOptions options before the class path, for instance {@code -Xmx4g}
	 * @param mainClass the class whose {@code main} measures
	 * @param arguments its {@code key=value} arguments
	 * @param timeout how long it may take before it is killed
	 * @return its results
	 * @throws ChildFailedException if it fails, times out or prints no result
	 */
	Map<String, Double> run(String label, List<String> jvmOptions, Class<?> mainClass, Map<String, ?> arguments,
			Duration timeout) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(this.classPath);
		command.add(mainClass.getName());
		arguments.forEach((key, value) -> command.add(key + "=" + value));
		Path log = this.logDirectory.resolve(label + ".log");
		Map<String, Double> results = new HashMap<>();
		try {
			Files.createDirectories(this.logDirectory);
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			Thread reader = new Thread(() -> copy(process, log, results, String.join(" ", command)), "read-" + label);
			reader.setDaemon(true);
			reader.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				reader.join(5_000);
				throw new ChildFailedException(label + " took longer than " + timeout.toSeconds() + " s; see " + log);
			}
			reader.join(5_000);
			if (process.exitValue() != 0) {
				throw new ChildFailedException(label + " exited with " + process.exitValue() + "; see " + log);
			}
		}
		catch (IOException ex) {
			throw new ChildFailedException(label + " could not run: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ChildFailedException(label + " interrupted", ex);
		}
		synchronized (results) {
			if (results.isEmpty()) {
				throw new ChildFailedException(label + " printed no result; see " + log);
			}
			return Map.copyOf(results);
		}
	}

	private static void copy(Process process, Path log, Map<String, Double> results, String command) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
			out.write("$ " + command + "\n");
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				out.write(line);
				out.write('\n');
				Optional<Map.Entry<String, Double>> result = ChildProtocol.parse(line);
				if (result.isPresent()) {
					synchronized (results) {
						results.put(result.get().getKey(), result.get().getValue());
					}
				}
			}
		}
		catch (IOException ex) {
			// the process died or the log cannot be written: what was read is kept
		}
	}

	/**
	 * A child JVM that did not deliver its results.
	 */
	static final class ChildFailedException extends RuntimeException {

		ChildFailedException(String message) {
			super(message);
		}

		ChildFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
