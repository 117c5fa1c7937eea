package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.RegisteredPact;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link PactFailureLogger}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PactFailureLoggerTests {

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void aFailedFactoryPactIsLoggedOnceWithIdNameDescriptionAndReason(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class))
			.withPropertyValues("pact.poll-interval=20ms")
			.run((context) -> {
				Pact pact = context.getBean(PactFactory.class)
					.builder("Exporting q3")
					.name("report.export")
					.failWhen(() -> true, "the export service gave up on q3")
					.create();
				await().atMost(Duration.ofSeconds(5)).until(() -> pact.state() == PactState.FAILED);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(output)
						.containsPattern("WARN.*Pact \\d+ \\(report\\.export\\) failed: <Pact: Exporting q3>: "
								+ "the export service gave up on q3"));
				assertThat(output.toString().split("the export service gave up on q3", -1)).hasSize(2);
			});
	}

	@Test
	void onlyFailuresAreLogged() {
		Log log = warnEnabledLog();
		PactFailureLogger logger = new PactFailureLogger(log, 2, Duration.ofMinutes(1), this.nanoTime::get);
		Pact finished = new Pact("done");
		logger.ended(registered("1", "x", finished), PactState.FINISHED);
		logger.ended(registered("2", "x", finished), PactState.CANCELLED);
		verify(log, never()).warn(any(), any());
	}

	@Test
	void failuresOfOneNameAreLimitedPerWindowThenSummarized() {
		Log log = warnEnabledLog();
		PactFailureLogger logger = new PactFailureLogger(log, 2, Duration.ofMinutes(1), this.nanoTime::get);
		for (int i = 1; i <= 5; i++) {
			logger.ended(registered(Integer.toString(i), "bulk", failed("Deleting /" + i)), PactState.FAILED);
		}
		logger.ended(registered("6", "other", failed("Other")), PactState.FAILED);
		ArgumentCaptor<Object> lines = ArgumentCaptor.forClass(Object.class);
		verify(log, times(3)).warn(lines.capture(), any());
		assertThat(lines.getAllValues()).extracting(String::valueOf)
			.containsExactly("Pact 1 (bulk) failed: <Pact: Deleting /1>: boom",
					"Pact 2 (bulk) failed: <Pact: Deleting /2>: boom", "Pact 6 (other) failed: <Pact: Other>: boom");
		this.nanoTime.addAndGet(Duration.ofSeconds(61).toNanos());
		logger.ended(registered("7", "bulk", failed("Deleting /7")), PactState.FAILED);
		verify(log).warn("3 more pacts named bulk failed in the last 60s; at most 2 are logged per name in that time");
		verify(log).warn("Pact 7 (bulk) failed: <Pact: Deleting /7>: boom", null);
	}

	private static Log warnEnabledLog() {
		Log log = mock(Log.class);
		given(log.isWarnEnabled()).willReturn(true);
		return log;
	}

	private static Pact failed(String description) {
		Pact pact = new Pact(description);
		pact.fail("boom");
		return pact;
	}

	private static RegisteredPact registered(String id, String name, Pact pact) {
		RegisteredPact registered = mock(RegisteredPact.class);
		given(registered.id()).willReturn(id);
		given(registered.name()).willReturn(name);
		given(registered.pact()).willReturn(pact);
		return registered;
	}

}
