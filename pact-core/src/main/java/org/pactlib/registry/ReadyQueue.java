package org.pactlib.registry;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tasks that are due and wait for a poller, in order, and the count of pollers: a FIFO linked
 * through the tasks themselves ({@link EngineTask#nextReady}), so adding and taking allocate nothing.
 * Pollers take tasks in batches, one lock acquisition per batch. The queue keeps since when it has
 * not been empty: while that is longer than a tick, more pollers are wanted.
 *
 * <p>Every count of pollers (how many run, how many wait idle) changes under the same lock as the
 * queue, so a task added while the last poller exits is never stranded: either that poller sees it,
 * or the adder sees no poller and is told to start one. Only {@link EngineTask#QUEUED} tasks are here;
 * a task cancelled meanwhile is dropped by whoever takes it.
 */
final class ReadyQueue {

	/**
	 * How many ready tasks make a backlog at once, whatever their wait: enough for several batches, so
	 * a second poller (up to one per core) starts without waiting a tick.
	 */
	private static final int LARGE_BACKLOG = 4 * PollingEngine.BATCH;

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	/** How long tasks taken back from a held-up poller count as having waited: long enough for a new one. */
	private static final long TAKEN_BACK_WAIT_NANOS = 1L << 40;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition available = this.lock.newCondition();

	private final int maxPollers;

	private final long backlogNanos;

	private EngineTask head;

	private EngineTask tail;

	private int size;

	/** Since when, in {@link System#nanoTime()}, the queue has not been empty. */
	private long busySinceNanos;

	private int running;

	private int idle;

	private boolean stopped;

	/**
	 * Creates an empty queue.
	 * @param maxPollers how many pollers may run; 0 for none (tasks are then only run by callers)
	 * @param backlogNanos how long the queue must have been busy before a second poller is woken or
	 * started for it: below that, the poller at work keeps up, and waking others only costs wake-ups
	 */
	ReadyQueue(int maxPollers, long backlogNanos) {
		this.maxPollers = maxPollers;
		this.backlogNanos = backlogNanos;
	}

	/**
	 * Appends one task.
	 * @return whether the caller must start a poller (it is counted already)
	 */
	boolean add(EngineTask task) {
		task.nextReady = null;
		return addChain(task, task, 1, System.nanoTime());
	}

	/**
	 * Appends a chain of tasks linked by {@link EngineTask#nextReady}, the last one's link {@code null}.
	 * @return whether the caller must start a poller (it is counted already)
	 */
	boolean addChain(EngineTask first, EngineTask last, int count, long nowNanos) {
		this.lock.lock();
		try {
			if (this.head == null) {
				this.busySinceNanos = nowNanos;
			}
			if (this.tail == null) {
				this.head = first;
			}
			else {
				this.tail.nextReady = first;
			}
			this.tail = last;
			this.size += count;
			boolean large = this.size >= LARGE_BACKLOG;
			if (this.idle > 0) {
				this.available.signal();
				if (large && this.idle > 1) {
					this.available.signal();
				}
				return false;
			}
			if (large && this.running < Math.min(this.maxPollers, CORES) && !this.stopped) {
				this.running++;
				return true;
			}
			return startPollerIfNone();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean startPollerIfNone() {
		if (this.running == 0 && !this.stopped && this.maxPollers > 0) {
			this.running++;
			return true;
		}
		return false;
	}

	/**
	 * Fills the poller's batch, waiting up to {@code keepAliveNanos} for work.
	 * @return how many tasks it took; 0 when the poller must exit (it is no longer counted then)
	 */
	int take(Poller poller, long keepAliveNanos) {
		this.lock.lock();
		try {
			long left = keepAliveNanos;
			while (this.size == 0 && !this.stopped) {
				if (left <= 0) {
					this.running--;
					return 0;
				}
				this.idle++;
				try {
					left = this.available.awaitNanos(left);
				}
				catch (InterruptedException ex) {
					this.running--;
					Thread.currentThread().interrupt();
					return 0;
				}
				finally {
					this.idle--;
				}
			}
			if (this.stopped) {
				this.running--;
				return 0;
			}
			int taken = takeInto(poller.batch);
			poller.startBatch(taken);
			if (this.size > 0 && this.idle > 0 && hasBacklog(System.nanoTime())) {
				this.available.signal();
			}
			return taken;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes up to {@code into.length} tasks without waiting, for a caller that polls on its own thread.
	 * @return how many it took
	 */
	int poll(EngineTask[] into) {
		this.lock.lock();
		try {
			return takeInto(into);
		}
		finally {
			this.lock.unlock();
		}
	}

	private int takeInto(EngineTask[] into) {
		int taken = 0;
		while (taken < into.length && this.head != null) {
			EngineTask task = this.head;
			this.head = task.nextReady;
			task.nextReady = null;
			into[taken++] = task;
		}
		if (this.head == null) {
			this.tail = null;
		}
		this.size -= taken;
		return taken;
	}

	/**
	 * Takes back the tasks of a poller's batch that it has not started, putting them first, when the
	 * poller is held up by one slow poll.
	 * @return how many it took back
	 */
	int takeBackFrom(Poller poller) {
		this.lock.lock();
		try {
			EngineTask[] batch = poller.batch;
			int from = poller.giveUpRest();
			int end = poller.batchSize();
			for (int i = end - 1; i >= from; i--) {
				EngineTask task = batch[i];
				batch[i] = null;
				task.nextReady = this.head;
				this.head = task;
				if (this.tail == null) {
					this.tail = task;
				}
				this.size++;
			}
			if (end > from) {
				this.busySinceNanos = System.nanoTime() - TAKEN_BACK_WAIT_NANOS;
				if (this.idle > 0) {
					this.available.signal();
				}
			}
			return Math.max(0, end - from);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wakes an idle poller, or counts one more, if the queue has been busy longer than the backlog time;
	 * counts a first one if none runs.
	 * @return whether the caller must start it
	 */
	boolean needsAnotherPoller(long nowNanos) {
		this.lock.lock();
		try {
			if (this.stopped || this.head == null) {
				return false;
			}
			if (!hasBacklog(nowNanos)) {
				return startPollerIfNone();
			}
			if (this.idle > 0) {
				this.available.signal();
				return false;
			}
			if (this.running < this.maxPollers) {
				this.running++;
				return true;
			}
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean hasBacklog(long nowNanos) {
		return nowNanos - this.busySinceNanos > this.backlogNanos;
	}

	/**
	 * Uncounts a poller that could not be started.
	 */
	void pollerNotStarted() {
		this.lock.lock();
		try {
			this.running--;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Makes every poller exit once its batch is done, and drops the tasks still queued.
	 */
	void stop() {
		this.lock.lock();
		try {
			this.stopped = true;
			this.head = null;
			this.tail = null;
			this.size = 0;
			this.available.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many tasks wait.
	 */
	int size() {
		this.lock.lock();
		try {
			return this.size;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many pollers are counted (running or idle).
	 */
	int pollers() {
		this.lock.lock();
		try {
			return this.running;
		}
		finally {
			this.lock.unlock();
		}
	}

}
