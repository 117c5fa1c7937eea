package org.pactlib.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges {@code pact.registered} and {@code pact.overdue} read the registry as it is now; the
 * registry polls only when the test calls {@code pollDue()}, on a virtual clock.
 */
class PactRegistryMetricsTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final VirtualClock clock = new VirtualClock();

	private final PactRegistry registry = PactRegistry.builder(this.scheduler).clock(this.clock)
		.backgroundPolling(false).build();

	@AfterEach
	void close() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void gaugesCountRegisteredAndOverduePacts() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new PactRegistryMetrics(this.registry).bindTo(meters);
		assertThat(meters.get("pact.registered").gauge().value()).isZero();
		assertThat(meters.get("pact.overdue").gauge().value()).isZero();

		this.registry.register(Pact.builder("Late").clock(this.clock).timeout(Duration.ofSeconds(1)).build()
			.until(() -> false));
		Pact onTime = Pact.builder("On time").clock(this.clock).timeout(Duration.ofMinutes(1)).build()
			.until(() -> false);
		this.registry.register(onTime);
		this.clock.advance(Duration.ofSeconds(2));
		this.registry.pollDue();
		assertThat(meters.get("pact.registered").gauge().value()).isEqualTo(2);
		assertThat(meters.get("pact.overdue").gauge().value()).isOne();

		onTime.cancel();
		assertThat(meters.get("pact.registered").gauge().value()).isOne();
	}

}
