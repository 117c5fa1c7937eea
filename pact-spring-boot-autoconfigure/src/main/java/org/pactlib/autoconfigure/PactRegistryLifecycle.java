package org.pactlib.autoconfigure;

import java.time.Duration;

import org.pactlib.registry.PactRegistry;

import org.springframework.context.SmartLifecycle;

/**
 * Stops the {@link PactRegistry} when the application context stops, before any bean is destroyed, so
 * that the callbacks of pacts cancelled at shutdown still find the beans they use. It gives pending
 * pacts {@code pact.shutdown.grace-period} to end, then cancels the rest (each is logged). It stops
 * after the web server has stopped taking requests.
 */
public class PactRegistryLifecycle implements SmartLifecycle {

	/**
	 * The phase: stopped after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final PactRegistry registry;

	private final Duration gracePeriod;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of a registry.
	 * @param registry the registry to stop
	 * @param gracePeriod how long pending pacts may take to end by themselves at shutdown
	 */
	public PactRegistryLifecycle(PactRegistry registry, Duration gracePeriod) {
		this.registry = registry;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.registry.shutdown(this.gracePeriod);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
