package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The poller threads of a {@link PollingEngine}: started when its {@link ReadyQueue} asks for one,
 * looked after on every tick, and stopped with the engine. On each tick a poller whose run has held it
 * longer than the slow-poll threshold is reported once to the {@link SlowRuns}, and the tasks of its
 * batch it has not started yet are given back to the queue for the other pollers; another poller
 * starts when the queue's backlog asks for one. A thread that cannot be started is logged and leaves
 * the queue's count of pollers as it was.
 *
 * <p>Thread-safe: {@link #superviseOnTick()} is called from the tick's thread, the others from any thread.
 */
final class PollerThreads {

	private static final Logger logger = System.getLogger(PactRegistry.class.getName());

	private final PollingEngine engine;

	private final ReadyQueue ready;

	private final ThreadFactory threadFactory;

	private final long tickNanos;

	private final long slowPollNanos;

	private final SlowRuns slowRuns;

	private final Set<Poller> pollers = ConcurrentHashMap.newKeySet();

	PollerThreads(PollingEngine engine, ReadyQueue ready, ThreadFactory threadFactory, long tickNanos,
			long slowPollNanos, SlowRuns slowRuns) {
		this.engine = engine;
		this.ready = ready;
		this.threadFactory = threadFactory;
		this.tickNanos = tickNanos;
		this.slowPollNanos = slowPollNanos;
		this.slowRuns = slowRuns;
	}

	/**
	 * Starts one more poller thread, which the ready queue has already counted.
	 */
	void start() {
		Poller poller = new Poller(this.engine);
		this.pollers.add(poller);
		try {
			Thread thread = this.threadFactory.newThread(poller);
			if (thread == null) {
				throw new IllegalStateException("the thread factory returned no thread");
			}
			poller.thread = thread;
			thread.start();
		}
		catch (RuntimeException | Error ex) {
			this.pollers.remove(poller);
			this.ready.pollerNotStarted();
			logger.log(Level.ERROR, "Could not start a pact poller thread", ex);
		}
	}

	/**
	 * Forgets a poller whose thread is ending.
	 */
	void exited(Poller poller) {
		this.pollers.remove(poller);
	}

	/**
	 * Reports slow runs, takes back the waiting tasks of held-up pollers, and starts another poller if
	 * the backlog asks for one.
	 */
	void superviseOnTick() {
		for (Poller poller : this.pollers) {
			int progress = poller.progress();
			reportSlowRun(poller, progress);
			if (poller.hasUnstartedTasks() && progress == poller.progressAtLastTick) {
				poller.stuckNanos += this.tickNanos;
				if (poller.stuckNanos >= this.slowPollNanos) {
					this.ready.takeBackFrom(poller);
				}
			}
			else {
				poller.progressAtLastTick = progress;
				poller.stuckNanos = 0;
			}
		}
		if (this.ready.needsAnotherPoller(System.nanoTime())) {
			start();
		}
	}

	private void reportSlowRun(Poller poller, int progress) {
		EngineTask slow = poller.slowRunToReport(progress, this.tickNanos, this.slowPollNanos);
		if (slow == null) {
			return;
		}
		try {
			this.slowRuns.report(slow, poller.thread, poller.runningNanos);
		}
		catch (Throwable ex) {
			logger.log(Level.ERROR, "Could not report a slow pact poll", ex);
		}
	}

	/**
	 * Waits for the poller threads to end (the ready queue is stopped already): those still running
	 * after {@code waitNanos} are interrupted and given as long again.
	 * @return whether every poller thread ended in time
	 */
	boolean stop(long waitNanos) throws InterruptedException {
		if (join(waitNanos)) {
			return true;
		}
		for (Poller poller : this.pollers) {
			Thread thread = poller.thread;
			if (thread != null && thread != Thread.currentThread()) {
				thread.interrupt();
			}
		}
		return join(waitNanos);
	}

	private boolean join(long waitNanos) throws InterruptedException {
		long end = System.nanoTime() + waitNanos;
		boolean ended = true;
		for (Poller poller : this.pollers) {
			Thread thread = poller.thread;
			if (thread != null && thread != Thread.currentThread()) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
				ended &= !thread.isAlive();
			}
		}
		return ended;
	}

}
