package org.pactlib.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.PactState;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;
import org.pactlib.test.spring.AutoConfigurePacts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * The sample service on virtual time: each test moves the time itself, and every poll and callback of
 * that time has run when {@code advance} returns. {@code @Async} bodies wait in a queue until the test
 * runs them, and every operation takes the time the test gives it, so nothing depends on real time.
 */
// tag::setup[]
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigurePacts(virtualTime = true)
class SampleApplicationTests {

	@Autowired
	VirtualTime time;

	@Autowired
	PactProbe probe;
// end::setup[]

	@Autowired
	RestTestClient client;

	@Autowired
	ExportService exports;

	@Autowired
	FixedExportClient exportClient;

	@Autowired
	QueuedExecutor executor;

	@TempDir
	static Path storageRoot;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> storageRoot.toString());
	}

	@BeforeEach
	void operationsTakeFiveSeconds() {
		this.exportClient.takes = Duration.ofSeconds(5);
	}

	// tag::export-test[]
	@Test
	void exportIsTrackedUntilItsReportIsReady() {
		this.client.post().uri("/exports?report=q3").exchange().expectStatus().isAccepted();
		Pact export = (Pact) this.probe.single("report.export");
		assertThat(export.getDescription()).isEqualTo("Exporting q3");
		this.time.advance(Duration.ofSeconds(10));
		assertThat(export).isFinished();
		this.client.get().uri("/exports/ready").exchange().expectBody(String.class).isEqualTo("[\"q3\"]");
	}
	// end::export-test[]

	@Test
	void brokenExportFailsWithoutWaitingForItsDeadline() {
		this.client.post().uri("/exports?report=broken-q4").exchange().expectStatus().isAccepted();
		this.time.advance(Duration.ofSeconds(10));
		assertThat(this.probe.single("report.export")).hasFailedWith("the export service gave up on broken-q4");
		this.client.get().uri("/exports/ready").exchange().expectBody(String.class).isEqualTo("[]");
	}

	@Test
	void purgeReturnsAPactAtOnceAndEndsInTheBackground() {
		this.client.post().uri("/purges?directory=/tmp/old").exchange().expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.description").isEqualTo("ExportService.purge(/tmp/old)")
			.jsonPath("$.state").isEqualTo(PactState.PENDING.name());
		Pact purge = (Pact) this.probe.single("ExportService.purge");
		this.executor.runQueuedTasks();
		assertThat(purge.getDescription()).isEqualTo("Purging /tmp/old");
		this.time.assertThat(purge).finishesWithin(Duration.ofSeconds(10));
		assertThat(this.probe.pending()).isEmpty();
	}

	// tag::ten-minutes[]
	@RepeatedTest(20)
	void aPurgeOfTenVirtualMinutesPassesItsDeadlineAndStillFinishes() {
		this.exportClient.takes = Duration.ofMinutes(10);
		long start = System.nanoTime();
		Pact purge = this.exports.purge("/data/huge");
		this.executor.runQueuedTasks();
		this.time.advance(Duration.ofMinutes(5));
		assertThat(purge).isOverdue().isPending();
		this.time.assertThat(purge).finishesWithin(Duration.ofMinutes(5));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		assertThat(this.probe.ended("ExportService.purge", PactState.FINISHED)).containsExactly(purge);
	}
	// end::ten-minutes[]

	/**
	 * An export client whose operations take the time a test sets.
	 */
	static final class FixedExportClient extends ExportClient {

		volatile Duration takes = Duration.ofSeconds(5);

		FixedExportClient(PactClock clock) {
			super(clock);
		}

		@Override
		public String start(String report) {
			return start(report, this.takes);
		}

	}

	/**
	 * Runs {@code @Async} bodies when the test says, on the test's thread.
	 */
	static final class QueuedExecutor implements TaskExecutor {

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runQueuedTasks() {
			for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
				task.run();
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Operations {

		@Bean
		@Primary
		FixedExportClient fixedExportClient(PactClock clock) {
			return new FixedExportClient(clock);
		}

		@Bean
		QueuedExecutor taskExecutor() {
			return new QueuedExecutor();
		}

	}

}
