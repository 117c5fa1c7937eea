package org.pactlib.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the packaged sample application ({@code java -jar}) as a process of its own, gives it pending
 * pacts (deletions of a second per entry, and exports and purges polled once an hour, so all still
 * pending at shutdown), sends it SIGTERM and reads its output: the registry's shutdown lines must be
 * there for every pact, and the wait must be bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, not the longer grace period.
 */
class SampleApplicationShutdownIT {

	private SampleProcess sample;

	@AfterEach
	void killProcess() {
		if (this.sample != null) {
			this.sample.close();
		}
	}

	@Test
	void sigtermLogsTheWaitAndEveryCancelledPactWithinThePhaseTimeout() throws Exception {
		Path root = SampleProcess.directoryUnderTarget("shutdown-it-storage-");
		Path one = Trees.create(root.resolve("one"), 3, 3);
		Path two = Trees.create(root.resolve("two"), 3, 3);
		Path three = Trees.create(root.resolve("three"), 3, 3);
		this.sample = SampleProcess.start("--sample.storage.root=" + root, "--sample.storage.delay-per-file=1s",
				"--pact.shutdown.grace-period=20s", "--spring.lifecycle.timeout-per-shutdown-phase=2s",
				"--pact.poll-interval=1h", "--pact.names[report.export].poll-interval=1h");
		assertThat(this.sample.post("/exports?report=q1").statusCode()).isEqualTo(202);
		assertThat(this.sample.post("/purges?directory=/data/x").statusCode()).isEqualTo(202);
		assertThat(this.sample.post("/deletions", "{\"path\":\"" + one + "\"}").statusCode()).isEqualTo(202);
		assertThat(this.sample.post("/deletions/batch", "{\"paths\":[\"" + two + "\",\"" + three + "\"]}")
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.sample.get("/pending").body().contains("Purging /data/x"));
		Duration shutdown = this.sample.terminate(Duration.ofSeconds(15));
		String log = this.sample.output();
		assertThat(log).contains("Waiting up to 1800ms for 6 pending pacts")
			.containsPattern("Cancelling pact \\d+ \\(report\\.export\\) at shutdown: <Pact: Exporting q1>")
			.containsPattern("Cancelling pact \\d+ \\(ExportService\\.purge\\) at shutdown: <Pact: Purging /data/x>")
			.containsPattern("Cancelling pact \\d+ \\(storage\\.delete\\) at shutdown: <Pact: Deleting " + Pattern.quote(one.toString()) + ">")
			.contains("Export of q1 ended");
		for (Path tree : new Path[] { two, three }) {
			assertThat(log).as("the batch member deleting %s", tree)
				.containsPattern("Cancelling pact \\d+ \\(storage\\.delete\\) at shutdown: <Pact: Deleting " + Pattern.quote(tree.toString()) + ">");
		}
		// Shutdown cancels groups before their members: the batch ends cancelled, never failed by a member.
		assertThat(log).containsPattern("Cancelling pact \\d+ \\(storage\\.batch\\) at shutdown: \\[")
			.doesNotContainPattern("Pact \\d+ \\(storage\\.batch\\) failed");
		assertThat(shutdown).as("shutdown took the phase timeout, not the grace period").isLessThan(Duration.ofSeconds(10));
		for (Path tree : new Path[] { one, two, three }) {
			assertThat(Trees.entries(tree)).as("entries left of %s", tree).isBetween(1L, 13L);
		}
	}

}
