package org.pactlib.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.TaskScheduler;

/**
 * A {@link ScheduledExecutorService} view of any {@link TaskScheduler}, such as Boot's
 * {@code SimpleAsyncTaskScheduler} on virtual threads, so that the registry can tick on it. Runnables
 * only: the registry schedules nothing else. Shutting the view down leaves the scheduler alone.
 */
final class TaskSchedulerExecutorAdapter extends AbstractExecutorService implements ScheduledExecutorService {

	private final TaskScheduler scheduler;

	private volatile boolean shutDown;

	TaskSchedulerExecutorAdapter(TaskScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.scheduler.schedule(command, startAfter(delay, unit));
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException("Only Runnables can be scheduled on " + this.scheduler);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return this.scheduler.scheduleAtFixedRate(command, startAfter(initialDelay, unit),
				Duration.ofNanos(unit.toNanos(period)));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return this.scheduler.scheduleWithFixedDelay(command, startAfter(initialDelay, unit),
				Duration.ofNanos(unit.toNanos(delay)));
	}

	private Instant startAfter(long delay, TimeUnit unit) {
		return this.scheduler.getClock().instant().plusNanos(unit.toNanos(delay));
	}

	@Override
	public void execute(Runnable command) {
		this.scheduler.schedule(command, this.scheduler.getClock().instant());
	}

	@Override
	public void shutdown() {
		this.shutDown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutDown = true;
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return this.shutDown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutDown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return this.shutDown;
	}

	@Override
	public String toString() {
		return "ScheduledExecutorService view of " + this.scheduler;
	}

}
