package org.pactlib.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the packaged sample on one PostgreSQL ({@link DurableSamplesExtension}), 1000
 * durable pacts created on both, one instance killed with SIGKILL midway: every pact ends and its
 * {@code then} ran, no pact was ever polled by two instances at once (each poll claims the pact in
 * {@code durable_proof_polls}; a claim that finds it held is a violation), and the {@code pacts} endpoint
 * of either instance lists the pacts of both. {@code -Ddurable.enabled=false}: in-memory pacts, and it fails.
 */
class DurablePactsClusterIT {

	private static final int PACTS = 1000;

	@RegisterExtension
	static final DurableSamplesExtension samples = new DurableSamplesExtension();

	@Test
	void everyPactEndsPolledByOneInstanceAtATimeWhenOneOfTwoIsKilled() throws Exception {
		SampleProcess a = samples.launch("node-a");
		SampleProcess b = samples.launch("node-b");
		CompletableFuture.allOf(CompletableFuture.runAsync(a::awaitStarted),
				CompletableFuture.runAsync(b::awaitStarted)).join();
		CompletableFuture<String> onA = CompletableFuture.supplyAsync(() -> create(a));
		CompletableFuture<String> onB = CompletableFuture.supplyAsync(() -> create(b));
		CompletableFuture.allOf(onA, onB).join();
		if (DurableSamplesExtension.durablePactsEnabled()) {
			for (SampleProcess instance : List.of(a, b)) {
				assertThat(SampleProcess.bodyOf(instance.get("/actuator/pacts?name=proof&limit=1000"), 200))
					.as("either endpoint lists both")
					.contains("Proof pact from node-a").contains("Proof pact from node-b")
					.contains("\"durable\":true");
			}
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> thens() >= PACTS / 4);
		long before = thens();
		assertThat(before).as("then callbacks before the kill").isLessThan(PACTS);
		a.kill();
		System.out.println("Killed node-a after " + before + " of " + PACTS + " then callbacks");

		await().atMost(Duration.ofSeconds(90)).until(() -> thens() == PACTS);
		List<Map<String, Object>> violations = samples.jdbc().queryForList("SELECT * FROM durable_proof_violations");
		assertThat(violations).as("polls of one pact by two instances at once").isEmpty();
		List<Map<String, Object>> states = samples.jdbc()
			.queryForList("SELECT state, then_done, COUNT(*) AS n FROM pact_durable GROUP BY state, then_done");
		assertThat(states).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("state", "FINISHED").containsEntry("then_done", true)
				.containsEntry("n", (long) PACTS));
		assertThat(SampleProcess.bodyOf(b.get("/actuator/pacts?name=proof&state=finished&limit=0"), 200))
			.contains("\"matched\":" + PACTS);
		List<Map<String, Object>> byInstance = samples.jdbc()
			.queryForList("SELECT instance, COUNT(*) AS n FROM durable_proof_then GROUP BY instance ORDER BY instance");
		long repeated = samples.jdbc().queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE deliveries > 1",
				Long.class);
		System.out.println("then callbacks by instance: " + byInstance + "; delivered more than once: " + repeated);
		assertThat(byInstance).extracting((row) -> row.get("instance")).containsExactly("node-a", "node-b");
	}

	private String create(SampleProcess instance) {
		return SampleProcess.bodyOf(
				instance.post("/durable-proof?count=" + (PACTS / 2) + "&polls=5&intervalMillis=300&workMillis=5"), 200);
	}

	private long thens() {
		return samples.jdbc().queryForObject("SELECT COUNT(*) FROM durable_proof_then", Long.class);
	}

}
