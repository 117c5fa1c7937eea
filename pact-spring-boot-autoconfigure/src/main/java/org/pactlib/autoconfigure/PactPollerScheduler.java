package org.pactlib.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The threads of the {@link org.pactlib.registry.PactRegistry}: the scheduler on which it runs its
 * one periodic task, and the factory of its poller threads, on which conditions are evaluated.
 *
 * <p>The scheduler is either one the starter created (one daemon platform thread named
 * {@code pact-scheduler-1}), which this bean owns and shuts down with the context, or a user's bean
 * named by {@code pact.poller.scheduler}, which it never shuts down. The poller threads are counted,
 * so that their number can be published as a metric.
 *
 * <p>Deliberately neither a {@code TaskScheduler} nor an {@code Executor}, so that Boot's own
 * {@code taskScheduler} and {@code applicationTaskExecutor} beans do not back off because of it.
 */
public final class PactPollerScheduler implements DisposableBean {

	/**
	 * The name prefix of the thread of the scheduler that the starter creates.
	 */
	public static final String SCHEDULER_THREAD_NAME_PREFIX = "pact-scheduler-";

	private final ScheduledExecutorService scheduledExecutor;

	private final @Nullable ScheduledThreadPoolExecutor ownedExecutor;

	private final ThreadFactory pollerThreadFactory;

	private final AtomicInteger livePollerThreads = new AtomicInteger();

	private PactPollerScheduler(ScheduledExecutorService scheduledExecutor,
			@Nullable ScheduledThreadPoolExecutor ownedExecutor, ThreadFactory pollerThreads) {
		this.scheduledExecutor = scheduledExecutor;
		this.ownedExecutor = ownedExecutor;
		this.pollerThreadFactory = (task) -> pollerThreads.newThread(() -> {
			this.livePollerThreads.incrementAndGet();
			try {
				task.run();
			}
			finally {
				this.livePollerThreads.decrementAndGet();
			}
		});
	}

	/**
	 * Creates a scheduler of its own, one daemon platform thread, owned by this bean.
	 * @param pollerThreads where poller threads come from
	 * @return the scheduler
	 */
	public static PactPollerScheduler owning(ThreadFactory pollerThreads) {
		AtomicInteger count = new AtomicInteger();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, SCHEDULER_THREAD_NAME_PREFIX + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return new PactPollerScheduler(executor, executor, pollerThreads);
	}

	/**
	 * Wraps a user's scheduler, which this bean never shuts down.
	 * @param scheduledExecutor the user's scheduler
	 * @param pollerThreads where poller threads come from
	 * @return the wrapper
	 */
	public static PactPollerScheduler borrowing(ScheduledExecutorService scheduledExecutor,
			ThreadFactory pollerThreads) {
		return new PactPollerScheduler(scheduledExecutor, null, pollerThreads);
	}

	/**
	 * Returns a factory of daemon platform threads named {@code prefix} followed by 1, 2, and so on.
	 * @param prefix the name prefix
	 * @return the factory
	 */
	public static ThreadFactory platformThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Returns the executor the registry schedules its periodic task on.
	 * @return the scheduled executor
	 */
	public ScheduledExecutorService getScheduledExecutor() {
		return this.scheduledExecutor;
	}

	/**
	 * Returns the executor the starter created, for its metrics.
	 * @return the starter's own executor, or {@code null} when the registry ticks on a user's scheduler
	 */
	public @Nullable ScheduledThreadPoolExecutor getOwnedExecutor() {
		return this.ownedExecutor;
	}

	/**
	 * Returns whether the starter created this scheduler and so shuts it down.
	 * @return {@code true} for the starter's own scheduler
	 */
	public boolean isOwned() {
		return this.ownedExecutor != null;
	}

	/**
	 * Returns the factory of the registry's poller threads, which counts the live ones.
	 * @return the thread factory
	 */
	public ThreadFactory getPollerThreadFactory() {
		return this.pollerThreadFactory;
	}

	/**
	 * Returns how many poller threads are running now.
	 * @return the number of live poller threads
	 */
	public int getLivePollerThreads() {
		return this.livePollerThreads.get();
	}

	/**
	 * Shuts down the starter's own scheduler, waiting up to 5 seconds for its thread to end; does
	 * nothing for a user's.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Override
	public void destroy() throws InterruptedException {
		if (this.ownedExecutor != null) {
			this.ownedExecutor.shutdown();
			this.ownedExecutor.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
