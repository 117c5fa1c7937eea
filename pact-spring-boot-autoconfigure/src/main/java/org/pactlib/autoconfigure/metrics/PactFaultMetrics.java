package org.pactlib.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.pactlib.registry.PactFault;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts the faults the pact registry survives as the Counter {@value #METER_NAME}, tagged {@code kind}
 * ({@code condition}, {@code callback}, {@code listener}, {@code slow-poll}; see {@link PactFault}) and
 * {@code name} (the pact's name): every fault, also those the rate-limited log leaves out. Called on
 * the thread of the fault; looks the meter registry up at the first fault, so that it can be a
 * listener of a registry that the meter registry's own binders need.
 */
public class PactFaultMetrics implements PactRegistryListener {

	/**
	 * The name of the counter.
	 */
	public static final String METER_NAME = "pact.faults";

	private final ObjectProvider<MeterRegistry> meterRegistry;

	private volatile @Nullable MeterRegistry resolved;

	/**
	 * Creates the listener.
	 * @param meterRegistry where the counter is registered, looked up at the first fault
	 */
	public PactFaultMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Counts one fault.
	 * @param pact the pact at fault
	 * @param fault what went wrong
	 * @param thrown what was thrown
	 */
	@Override
	public void faulted(RegisteredPact pact, PactFault fault, Throwable thrown) {
		MeterRegistry registry = this.resolved;
		if (registry == null) {
			registry = this.meterRegistry.getIfAvailable();
			if (registry == null) {
				return;
			}
			this.resolved = registry;
		}
		Counter.builder(METER_NAME)
			.description("Faults the pact registry survived: conditions, callbacks and listeners that threw, slow polls")
			.tag("kind", fault.tag())
			.tag("name", pact.name())
			.register(registry)
			.increment();
	}

}
