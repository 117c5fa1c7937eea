package org.pactlib.benchmarks.durable;

import org.pactlib.durable.DurableCondition;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A non-web application with durable pacts on the PostgreSQL of {@link DurableThroughputRun}, and one
 * condition, {@code bench.never}, that never holds: every poll reschedules the pact, so the rate of polls
 * is the rate of db-scheduler executions.
 */
@SpringBootApplication
public class DurableBenchmarkApplication {

	@Bean("bench.never")
	DurableCondition<Object> never() {
		return (payload, context) -> false;
	}

}
