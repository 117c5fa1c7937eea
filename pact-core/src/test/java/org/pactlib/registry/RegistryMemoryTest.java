package org.pactlib.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays flat however many pacts a registry has seen: a JVM of its own with a 16 MiB heap creates
 * and ends a million pacts and groups through a registry polling on real pollers ({@link ManyPactsMain}),
 * so that anything kept per pact, 16 bytes or more, runs it out of memory. About 4 s; the ten-million
 * run with a 64 MiB heap (about 20 s) is the command in {@link ManyPactsMain}'s Javadoc and the README.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryMemoryTest {

	@Test
	void aMillionPactsCreatedAndEndedFitInASixteenMebibyteHeap() throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx16m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), ManyPactsMain.class.getName(), "1000000"))
			.redirectErrorStream(true)
			.start();
		boolean exited = process.waitFor(100, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(exited).as("exited in time; output: %s", output).isTrue();
		assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
		assertThat(output).contains("1000000 pacts created and ended").contains("0 left registered")
			.doesNotContain("OutOfMemoryError");
	}

}
