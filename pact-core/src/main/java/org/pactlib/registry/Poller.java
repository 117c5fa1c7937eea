package org.pactlib.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One poller thread: takes a batch from the ready queue, runs it, and exits after a keep-alive with
 * nothing to do. Each task of its batch is claimed with a compare-and-set of the batch cursor, so
 * that the tick can take back the tasks not started while a slow run holds the poller up.
 */
final class Poller implements Runnable {

	private static final VarHandle CURSOR;

	private static final VarHandle PROGRESS;

	private static final VarHandle RUNNING;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CURSOR = lookup.findVarHandle(Poller.class, "cursor", int.class);
			PROGRESS = lookup.findVarHandle(Poller.class, "progress", int.class);
			RUNNING = lookup.findVarHandle(Poller.class, "running", EngineTask.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final PollingEngine engine;

	final EngineTask[] batch = new EngineTask[PollingEngine.BATCH];

	volatile Thread thread;

	/** The tick's own bookkeeping: progress seen at the last tick, and how long it has not moved. */
	int progressAtLastTick;

	long stuckNanos;

	/** The tick's own bookkeeping of one long run: progress seen, how long it ran, whether reported. */
	int progressAtLastSlowCheck;

	long runningNanos;

	boolean slowRunReported;

	private int size;

	@SuppressWarnings("unused")
	private volatile int cursor;

	@SuppressWarnings("unused")
	private int progress;

	@SuppressWarnings("unused")
	private EngineTask running;

	Poller(PollingEngine engine) {
		this.engine = engine;
	}

	@Override
	public void run() {
		try {
			while (this.engine.takeBatch(this) > 0) {
				runBatch();
			}
		}
		finally {
			this.engine.pollerExited(this);
		}
	}

	private void runBatch() {
		long now = this.engine.readClock();
		for (int runs = 1;; runs++) {
			int index = (int) CURSOR.getVolatile(this);
			if (index >= this.size || !CURSOR.compareAndSet(this, index, index + 1)) {
				return;
			}
			EngineTask task = this.batch[index];
			this.batch[index] = null;
			if (runs % PollingEngine.RUNS_PER_CLOCK_READ == 0) {
				now = this.engine.readClock();
			}
			RUNNING.setOpaque(this, task);
			this.engine.runTask(task, now);
			RUNNING.setOpaque(this, null);
			PROGRESS.setOpaque(this, (int) PROGRESS.getOpaque(this) + 1);
		}
	}

	/** Called under the ready queue's lock, after it filled the batch. */
	void startBatch(int size) {
		this.size = size;
		CURSOR.setVolatile(this, 0);
	}

	/** Called under the ready queue's lock: claims every task not started yet. */
	int giveUpRest() {
		for (;;) {
			int index = (int) CURSOR.getVolatile(this);
			if (index >= this.size || CURSOR.compareAndSet(this, index, this.size)) {
				return Math.min(index, this.size);
			}
		}
	}

	int batchSize() {
		return this.size;
	}

	boolean hasUnstartedTasks() {
		return (int) CURSOR.getVolatile(this) < this.size;
	}

	/**
	 * Called by the tick, once per tick: returns the run in progress once it has held this poller for
	 * {@code slowPollNanos} (counted in ticks), the first time only, else {@code null}.
	 */
	EngineTask slowRunToReport(int progress, long tickNanos, long slowPollNanos) {
		EngineTask current = running();
		if (current == null || progress != this.progressAtLastSlowCheck) {
			this.progressAtLastSlowCheck = progress;
			this.runningNanos = 0;
			this.slowRunReported = false;
			return null;
		}
		this.runningNanos += tickNanos;
		if (this.slowRunReported || this.runningNanos < slowPollNanos) {
			return null;
		}
		this.slowRunReported = true;
		return current;
	}

	/** Returns the task this poller runs now, or {@code null}; read by the tick. */
	EngineTask running() {
		return (EngineTask) RUNNING.getOpaque(this);
	}

	int progress() {
		return (int) PROGRESS.getOpaque(this);
	}

}
