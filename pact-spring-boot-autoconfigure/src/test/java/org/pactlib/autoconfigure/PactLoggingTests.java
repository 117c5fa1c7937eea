package org.pactlib.autoconfigure;

import java.util.logging.LogManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PactLogging}: pact-core's {@code System.Logger} lines reach Spring's logging once,
 * even after {@code java.util.logging} was reset, as its shutdown hook does on SIGTERM.
 */
@ExtendWith(OutputCaptureExtension.class)
class PactLoggingTests {

	@Test
	void pactCoreLinesSurviveAResetOfJavaUtilLoggingAndAreWrittenOnce(CapturedOutput output) {
		PactLogging.install();
		assertThat(PactLogging.isBridged(PactRegistry.class.getName())).isTrue();
		LogManager.getLogManager().reset();
		System.getLogger(PactRegistry.class.getName())
			.log(System.Logger.Level.WARNING, "Cancelling pact 42 (storage.delete) at shutdown: <Pact: after reset>");
		assertThat(output.toString().split("after reset", -1)).as("written once: %s", output).hasSize(2);
		assertThat(output).containsPattern("WARN.*Cancelling pact 42");
	}

}
