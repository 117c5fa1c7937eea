package org.pactlib.durable;

import com.github.kagkarlsson.scheduler.Scheduler;

import org.springframework.context.SmartLifecycle;

/**
 * Starts db-scheduler's {@link Scheduler} once the application context is refreshed (every handler bean
 * exists then) and stops it at shutdown, waiting for the polls that run to complete. A poll cut short
 * by a crash is run again by another instance (or this one, restarted) once its heartbeats stop.
 */
public class DurableSchedulerLifecycle implements SmartLifecycle {

	private final Scheduler scheduler;

	private final DurablePactWatcher watcher;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param scheduler the scheduler that polls durable pacts
	 * @param watcher the watcher of this instance's handles, closed at shutdown
	 */
	public DurableSchedulerLifecycle(Scheduler scheduler, DurablePactWatcher watcher) {
		this.scheduler = scheduler;
		this.watcher = watcher;
	}

	/**
	 * Starts the scheduler: from now on this instance polls due durable pacts.
	 */
	@Override
	public void start() {
		this.scheduler.start();
		this.running = true;
	}

	/**
	 * Stops the scheduler (waiting for running polls) and the watcher.
	 */
	@Override
	public void stop() {
		this.running = false;
		try {
			this.scheduler.stop();
		}
		finally {
			this.watcher.close();
		}
	}

	/**
	 * Returns whether the scheduler runs.
	 * @return {@code true} between start and stop
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

}
