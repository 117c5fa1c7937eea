package org.pactlib.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample on a real PostgreSQL ({@link DurableSamplesExtension}): 100 durable pacts that
 * each take 20 polls, the process killed with SIGKILL while they are pending, started again: every
 * pact ends, finished, and every {@code then} ran; how many ran twice (an instance that died after the
 * callback and before recording it) is printed, and the idempotency key made each count once.
 * {@code -Ddurable.enabled=false} runs the same with durable pacts off (in-memory pacts): then it fails.
 */
class DurablePactsRestartIT {

	private static final int PACTS = 100;

	@RegisterExtension
	static final DurableSamplesExtension samples = new DurableSamplesExtension();

	@Test
	void everyPactEndsAndEveryThenRunsAfterAKillDashNine() throws Exception {
		SampleProcess first = samples.launch("first").awaitStarted();
		SampleProcess.bodyOf(first.post("/durable-proof?count=" + PACTS + "&polls=20&intervalMillis=200"), 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> polls() >= 2 * PACTS);
		assertThat(thens()).as("then callbacks before the kill").isLessThan(PACTS);
		first.kill();
		System.out.println("Killed the first instance after " + thens() + " of " + PACTS + " then callbacks");

		samples.launch("second").awaitStarted();
		await().atMost(Duration.ofSeconds(60)).until(() -> thens() == PACTS);
		List<Map<String, Object>> states = samples.jdbc()
			.queryForList("SELECT state, then_done, COUNT(*) AS n FROM pact_durable GROUP BY state, then_done");
		assertThat(states).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("state", "FINISHED").containsEntry("then_done", true)
				.containsEntry("n", (long) PACTS));
		assertThat(samples.jdbc().queryForObject("SELECT COUNT(*) FROM scheduled_tasks", Long.class)).isZero();
		long repeated = samples.jdbc().queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE deliveries > 1",
				Long.class);
		System.out.println("then callbacks delivered more than once (deduplicated by idempotency key): " + repeated);
		assertThat(repeated).as("at most one per poll thread that the kill interrupted").isLessThanOrEqualTo(10);
		assertThat(samples.jdbc().queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE instance = 'second'",
				Long.class))
			.as("pacts finished by the restarted instance").isPositive();
	}

	private long polls() {
		return samples.jdbc().queryForObject("SELECT COALESCE(SUM(polls), 0) FROM durable_proof_polls", Long.class);
	}

	private long thens() {
		return samples.jdbc().queryForObject("SELECT COUNT(*) FROM durable_proof_then", Long.class);
	}

}
