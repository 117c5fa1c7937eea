package org.pactlib.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler on which the {@link org.pactlib.registry.PactRegistry} runs its one periodic task:
 * either one the starter created, and then owns and shuts down with the context, or a user's bean,
 * named by {@code pact.poller.scheduler}, which it leaves alone.
 *
 * <p>Deliberately neither a {@code TaskScheduler} nor an {@code Executor}, so that Boot's own
 * {@code taskScheduler} and {@code applicationTaskExecutor} beans do not back off because of it.
 */
public final class PactPollerScheduler implements DisposableBean {

	private final ScheduledExecutorService scheduledExecutor;

	private final @Nullable ThreadPoolTaskScheduler ownedScheduler;

	private PactPollerScheduler(ScheduledExecutorService scheduledExecutor,
			@Nullable ThreadPoolTaskScheduler ownedScheduler) {
		this.scheduledExecutor = scheduledExecutor;
		this.ownedScheduler = ownedScheduler;
	}

	/**
	 * Wraps a scheduler that the starter created and initialized: it is shut down with this bean.
	 * @param scheduler an initialized scheduler
	 * @return the wrapper
	 */
	public static PactPollerScheduler owning(ThreadPoolTaskScheduler scheduler) {
		return new PactPollerScheduler(scheduler.getScheduledExecutor(), scheduler);
	}

	/**
	 * Wraps a user's scheduler, which this bean never shuts down.
	 * @param scheduledExecutor the user's scheduler
	 * @return the wrapper
	 */
	public static PactPollerScheduler borrowing(ScheduledExecutorService scheduledExecutor) {
		return new PactPollerScheduler(scheduledExecutor, null);
	}

	/**
	 * Returns the executor the registry schedules its periodic task on.
	 * @return the scheduled executor
	 */
	public ScheduledExecutorService getScheduledExecutor() {
		return this.scheduledExecutor;
	}

	/**
	 * Returns whether the starter created this scheduler and so shuts it down.
	 * @return {@code true} for the starter's own scheduler
	 */
	public boolean isOwned() {
		return this.ownedScheduler != null;
	}

	/**
	 * Shuts down the starter's own scheduler, waiting for its thread to end; does nothing for a user's.
	 */
	@Override
	public void destroy() {
		if (this.ownedScheduler != null) {
			this.ownedScheduler.shutdown();
		}
	}

}
