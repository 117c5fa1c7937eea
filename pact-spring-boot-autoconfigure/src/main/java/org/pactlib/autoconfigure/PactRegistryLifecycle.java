package org.pactlib.autoconfigure;

import java.time.Duration;

import org.pactlib.registry.PactRegistry;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Shuts the {@link PactRegistry} down when the application context closes, in the lifecycle's stop
 * phase, before any bean is destroyed, so that the callbacks of pacts cancelled at shutdown still find
 * the beans they use. It gives pending pacts {@code pact.shutdown.grace-period} to end, then cancels
 * the rest (each is logged). It stops after the web server has stopped taking requests. A context that
 * is only stopped, and may be started again, keeps its registry running.
 */
public class PactRegistryLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

	/**
	 * The phase: stopped after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final PactRegistry registry;

	private final Duration gracePeriod;

	private volatile boolean running;

	private volatile boolean closing;

	/**
	 * Creates the lifecycle of a registry.
	 * @param registry the registry to shut down
	 * @param gracePeriod how long pending pacts may take to end by themselves at shutdown
	 */
	public PactRegistryLifecycle(PactRegistry registry, Duration gracePeriod) {
		this.registry = registry;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing = true;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.closing) {
			this.registry.shutdown(this.gracePeriod);
		}
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
