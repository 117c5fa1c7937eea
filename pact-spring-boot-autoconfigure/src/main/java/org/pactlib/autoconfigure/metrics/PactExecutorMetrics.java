package org.pactlib.autoconfigure.metrics;

import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.pactlib.autoconfigure.PactPollerScheduler;
import org.pactlib.registry.PactRegistry;

/**
 * Binds the threads of the pact registry as executor metrics: the starter's own scheduler, named
 * {@value #SCHEDULER_NAME}, with Micrometer's {@link ExecutorServiceMetrics} ({@code executor.*}),
 * and the poller threads, named {@value #POLLER_NAME}, as {@code executor.pool.size} (live poller
 * threads) and {@code executor.pool.max} ({@code pact.poller.max-threads}). Each meter is tagged
 * {@code name} with that name. A user's scheduler is left to its owner's metrics.
 */
public class PactExecutorMetrics implements MeterBinder {

	/**
	 * The {@code name} tag of the starter's own scheduler.
	 */
	public static final String SCHEDULER_NAME = "pact-scheduler";

	/**
	 * The {@code name} tag of the poller threads.
	 */
	public static final String POLLER_NAME = "pact-poller";

	private final PactPollerScheduler scheduler;

	private final PactRegistry registry;

	/**
	 * Creates the binder.
	 * @param scheduler the registry's threads
	 * @param registry the registry, for its maximum number of pollers
	 */
	public PactExecutorMetrics(PactPollerScheduler scheduler, PactRegistry registry) {
		this.scheduler = scheduler;
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		ScheduledThreadPoolExecutor owned = this.scheduler.getOwnedExecutor();
		if (owned != null) {
			new ExecutorServiceMetrics(owned, SCHEDULER_NAME, Tags.empty()).bindTo(meterRegistry);
		}
		Tags tags = Tags.of("name", POLLER_NAME);
		Gauge.builder("executor.pool.size", this.scheduler, PactPollerScheduler::getLivePollerThreads)
			.tags(tags)
			.description("The current number of threads in the pool")
			.baseUnit("threads")
			.register(meterRegistry);
		Gauge.builder("executor.pool.max", this.registry, (registry) -> registry.getSettings().maxPollers())
			.tags(tags)
			.description("The maximum allowed number of threads in the pool")
			.baseUnit("threads")
			.register(meterRegistry);
	}

}
