package org.pactlib.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.pactlib.registry.PactRegistry;

/**
 * Binds what the pact registry holds now as gauges: {@code pact.registered} (the pacts registered,
 * pending) and {@code pact.overdue} (those of them past their deadline). They read the registry when
 * the meters are published: {@code pact.overdue} counts in one pass over the registered pacts.
 */
public class PactRegistryMetrics implements MeterBinder {

	private final PactRegistry registry;

	/**
	 * Creates the binder.
	 * @param registry the registry whose pacts are counted
	 */
	public PactRegistryMetrics(PactRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Registers the gauges.
	 * @param meterRegistry where to register them
	 */
	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Gauge.builder("pact.registered", this.registry, PactRegistry::size)
			.description("The pacts registered and pending")
			.register(meterRegistry);
		Gauge.builder("pact.overdue", this.registry, (registry) -> registry.summary().overdue())
			.description("The registered pacts found pending after their deadline")
			.register(meterRegistry);
	}

}
