package org.pactlib.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Shuts the {@link PactRegistry} down when the application context closes, as Boot's
 * {@link WebServerGracefulShutdownLifecycle} shuts the web server down: asynchronously, in the
 * lifecycle's stop phase, so within {@code spring.lifecycle.timeout-per-shutdown-phase}, and before any
 * bean is destroyed, so that the callbacks of pacts cancelled at shutdown still find the beans they use.
 *
 * <p>Its phase comes after the web server has stopped (whether its shutdown is graceful or
 * immediate): no request creates a pact while the registry shuts down. It logs once how long it
 * waits for how many pending pacts: {@code pact.shutdown.grace-period}, but no longer than the phase's
 * timeout allows, keeping a tenth of that timeout (at most one second) for cancelling what is left.
 * Then it cancels the pacts still pending, each logged with its id, name and description. A context
 * that is only stopped, and may be started again, keeps its registry running.
 */
public class PactRegistryLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

	/**
	 * The phase: one after the web server's own stop ({@code SMART_LIFECYCLE_PHASE - 1024}), which
	 * comes after its graceful shutdown ({@link WebServerGracefulShutdownLifecycle#SMART_LIFECYCLE_PHASE}).
	 */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024 - 1;

	private static final Log logger = LogFactory.getLog(PactRegistryLifecycle.class);

	private static final Duration MAX_RESERVE = Duration.ofSeconds(1);

	private final PactRegistry registry;

	private final Duration gracePeriod;

	private volatile boolean running;

	private volatile boolean closing;

	/**
	 * Creates the lifecycle of a registry.
	 * @param registry the registry to shut down
	 * @param gracePeriod how long pending pacts may take to end by themselves at shutdown
	 * @param phaseTimeout how long the lifecycle processor waits for one shutdown phase
	 */
	public PactRegistryLifecycle(PactRegistry registry, Duration gracePeriod, Duration phaseTimeout) {
		this.registry = registry;
		this.gracePeriod = waitWithin(gracePeriod, phaseTimeout);
	}

	/**
	 * Returns the longer wait for pending pacts at shutdown that still leaves time, within a phase's
	 * timeout, to cancel those left.
	 */
	static Duration waitWithin(Duration gracePeriod, Duration phaseTimeout) {
		Duration reserve = phaseTimeout.dividedBy(10);
		Duration budget = phaseTimeout.minus((reserve.compareTo(MAX_RESERVE) > 0) ? MAX_RESERVE : reserve);
		return (gracePeriod.compareTo(budget) > 0) ? budget : gracePeriod;
	}

	/**
	 * Returns how long pending pacts are given at shutdown.
	 * @return the smaller of the grace period and what the shutdown phase's timeout allows
	 */
	public Duration getGracePeriod() {
		return this.gracePeriod;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing = true;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Stops on the calling thread: shuts the registry down if the context is closing.
	 */
	@Override
	public void stop() {
		this.running = false;
		if (this.closing) {
			shutDown();
		}
	}

	/**
	 * Stops asynchronously: when the context is closing, shuts the registry down on a thread of its own,
	 * {@code pact-shutdown}, then calls back; otherwise calls back at once.
	 * @param callback told when the registry has shut down
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		if (!this.closing) {
			callback.run();
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				shutDown();
			}
			finally {
				callback.run();
			}
		}, "pact-shutdown");
		thread.start();
	}

	private void shutDown() {
		int pending = this.registry.size();
		if (pending > 0 && !this.registry.isShutDown()) {
			logger.info("Waiting up to " + format(this.gracePeriod) + " for " + pending + " pending pact"
					+ ((pending != 1) ? "s" : ""));
		}
		this.registry.shutdown(this.gracePeriod);
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
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
