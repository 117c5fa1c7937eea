package org.pactlib.registry;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.pactlib.PactClock;

/**
 * Runs {@link EngineTask tasks} at their due times on a few poller threads: the scheduling engine of a
 * registry, which knows nothing of pacts. It is made of
 * <ul>
 * <li>an <b>inbox</b>, a lock-free stack where any thread drops a task it has moved (scheduled after a
 * run, woken, cancelled while in the wheel);</li>
 * <li>a {@link TimingWheel}, owned by whoever holds the wheel lock: the {@link #tick() tick}, or a
 * thread that wakes a task and finds the lock free (so a wake-up is acted on at once);</li>
 * <li>a {@link ReadyQueue} of due tasks, which pollers take in batches.</li>
 * </ul>
 * Each task is in exactly one of these places, or in a poller's hands, as its state says
 * ({@link EngineTask} lists the states and transitions). Pollers start when work arrives and none is
 * running, and one more whenever the oldest ready task has waited longer than a tick (up to the
 * maximum); they stop after a keep-alive without work. A poller held up by one slow run for longer than
 * the slow-poll threshold gives back the rest of its batch, and that run is reported once, on the tick's
 * thread, to the {@link SlowRuns} it was given: {@link PollerThreads} looks after the pollers. The
 * steady path of a run (take, run, schedule, fire) allocates nothing.
 *
 * <p>Thread-safe. {@link #tick()} is called by one periodic task; every other method from any thread.
 */
final class PollingEngine {

	static final int BATCH = 32;

	static final int RUNS_PER_CLOCK_READ = 8;

	private final PactClock clock;

	private final long keepAliveNanos;

	private final ReentrantLock wheelLock = new ReentrantLock();

	private final TimingWheel wheel;

	private final ReadyQueue ready;

	private final PollerThreads pollerThreads;

	private final Consumer<EngineTask> expired = this::expired;

	private final Inbox inbox = new Inbox();

	private EngineTask dueFirst;

	private EngineTask dueLast;

	private int dueCount;

	PollingEngine(PactClock clock, long tickNanos, int maxPollers, long slowPollNanos, long keepAliveNanos,
			ThreadFactory threadFactory, SlowRuns slowRuns) {
		this.clock = clock;
		this.keepAliveNanos = keepAliveNanos;
		this.wheel = new TimingWheel(clock.nanoTime(), tickNanos);
		this.ready = new ReadyQueue(maxPollers, tickNanos);
		this.pollerThreads = new PollerThreads(this, this.ready, threadFactory, tickNanos, slowPollNanos, slowRuns);
	}

	/**
	 * Reads the engine's clock: what runs count their next due time from. Pollers read it once per
	 * batch and again every {@link #RUNS_PER_CLOCK_READ} runs, so that a run's next due time counts from
	 * within a few runs of its start at the cost of a fraction of a clock read per run.
	 */
	long readClock() {
		return this.clock.nanoTime();
	}

	/**
	 * Runs a new task as soon as a poller is free.
	 */
	void submit(EngineTask task) {
		if (task.transition(EngineTask.IDLE, EngineTask.QUEUED)) {
			addReady(task);
		}
	}

	/**
	 * Runs a new task first at {@code dueNanos}, on the engine's clock.
	 */
	void schedule(EngineTask task, long dueNanos) {
		task.dueNanos = dueNanos;
		if (task.transition(EngineTask.IDLE, EngineTask.TO_WHEEL)) {
			push(task);
		}
	}

	/**
	 * Runs a task as soon as a poller is free, once, however many times it is woken before that run;
	 * one running now runs once more right after. Does nothing to a task that is done.
	 */
	void wake(EngineTask task) {
		for (;;) {
			switch (task.state()) {
				case EngineTask.RUNNING -> {
					if (task.transition(EngineTask.RUNNING, EngineTask.RUN_AGAIN)) {
						return;
					}
				}
				case EngineTask.TO_WHEEL -> {
					if (task.transition(EngineTask.TO_WHEEL, EngineTask.WOKEN)) {
						drainInboxIfFree();
						return;
					}
				}
				case EngineTask.IN_WHEEL -> {
					if (task.transition(EngineTask.IN_WHEEL, EngineTask.WOKEN)) {
						push(task);
						drainInboxIfFree();
						return;
					}
				}
				default -> {
					return;
				}
			}
		}
	}

	/**
	 * Ends a task for good: it never runs again (a run in progress completes).
	 */
	void cancel(EngineTask task) {
		for (;;) {
			int state = task.state();
			if (state == EngineTask.DONE) {
				return;
			}
			if (task.transition(state, EngineTask.DONE)) {
				if (state == EngineTask.IN_WHEEL) {
					push(task);
				}
				return;
			}
		}
	}

	/**
	 * Moves time on: places the tasks dropped in the inbox, fires the ones whose time has come, and
	 * looks after the pollers. Called every tick by the registry's periodic task.
	 */
	void tick() {
		long now = this.clock.nanoTime();
		this.wheelLock.lock();
		try {
			drainInbox();
			this.wheel.advance(now, this.expired);
			flushDue();
		}
		finally {
			this.wheelLock.unlock();
		}
		this.pollerThreads.superviseOnTick();
	}

	/**
	 * Runs on this thread every task that is due now (after a {@link #tick()}), for code that drives
	 * time itself; pollers may run some of them meanwhile.
	 * @return how many runs this thread made
	 */
	int runDueTasks() {
		tick();
		EngineTask[] batch = new EngineTask[BATCH];
		int ran = 0;
		for (int taken = this.ready.poll(batch); taken > 0; taken = this.ready.poll(batch)) {
			long now = this.clock.nanoTime();
			for (int i = 0; i < taken; i++) {
				ran += runTask(batch[i], now) ? 1 : 0;
				batch[i] = null;
			}
		}
		return ran;
	}

	/**
	 * Stops the pollers: each completes the run it is in; those still running after {@code waitNanos}
	 * are interrupted and given as long again.
	 * @return whether every poller thread ended in time
	 */
	boolean stop(long waitNanos) throws InterruptedException {
		this.ready.stop();
		return this.pollerThreads.stop(waitNanos);
	}

	/**
	 * Waits for work for a poller and hands it a batch.
	 * @return how many tasks it got; 0 when it must exit
	 */
	int takeBatch(Poller poller) {
		return this.ready.take(poller, this.keepAliveNanos);
	}

	/**
	 * Forgets a poller whose thread is ending.
	 */
	void pollerExited(Poller poller) {
		this.pollerThreads.exited(poller);
	}

	/**
	 * Returns how many tasks the timing wheel links now.
	 */
	int wheelSize() {
		this.wheelLock.lock();
		try {
			return this.wheel.size();
		}
		finally {
			this.wheelLock.unlock();
		}
	}

	private void push(EngineTask task) {
		this.inbox.push(task);
	}

	private void drainInboxIfFree() {
		while (!this.inbox.isEmpty() && this.wheelLock.tryLock()) {
			try {
				drainInbox();
				flushDue();
			}
			finally {
				this.wheelLock.unlock();
			}
		}
	}

	private void drainInbox() {
		for (EngineTask task = this.inbox.takeAll(); task != null;) {
			EngineTask next = task.nextInInbox;
			task.nextInInbox = null;
			place(task);
			task = next;
		}
	}

	private void place(EngineTask task) {
		for (;;) {
			int state = task.state();
			if (state == EngineTask.TO_WHEEL) {
				if (!task.transition(EngineTask.TO_WHEEL, EngineTask.IN_WHEEL)) {
					continue;
				}
				if (!this.wheel.place(task)) {
					expired(task);
				}
				return;
			}
			this.wheel.unlink(task);
			if (state == EngineTask.WOKEN && !task.transition(EngineTask.WOKEN, EngineTask.QUEUED)) {
				continue;
			}
			if (state == EngineTask.WOKEN) {
				appendDue(task);
			}
			return;
		}
	}

	private void expired(EngineTask task) {
		if (task.transition(EngineTask.IN_WHEEL, EngineTask.QUEUED)) {
			appendDue(task);
		}
	}

	private void appendDue(EngineTask task) {
		task.nextReady = null;
		if (this.dueLast == null) {
			this.dueFirst = task;
		}
		else {
			this.dueLast.nextReady = task;
		}
		this.dueLast = task;
		this.dueCount++;
	}

	private void flushDue() {
		if (this.dueFirst == null) {
			return;
		}
		EngineTask first = this.dueFirst;
		EngineTask last = this.dueLast;
		int count = this.dueCount;
		this.dueFirst = null;
		this.dueLast = null;
		this.dueCount = 0;
		if (this.ready.addChain(first, last, count, System.nanoTime())) {
			this.pollerThreads.start();
		}
	}

	private void addReady(EngineTask task) {
		if (this.ready.add(task)) {
			this.pollerThreads.start();
		}
	}

	/**
	 * Runs one task if it is still queued, then moves it to where its run says.
	 * @param now the engine's time at the start of the run
	 * @return whether it ran
	 */
	boolean runTask(EngineTask task, long now) {
		if (!task.transition(EngineTask.QUEUED, EngineTask.RUNNING)) {
			return false;
		}
		long next;
		try {
			next = task.run(now);
		}
		catch (Throwable ex) {
			next = task.runFailed(ex, now);
		}
		if (next == EngineTask.DONE_RUNNING) {
			cancel(task);
			return true;
		}
		task.dueNanos = next;
		if (task.transition(EngineTask.RUNNING, EngineTask.TO_WHEEL)) {
			push(task);
			if (task.state() == EngineTask.WOKEN) {
				drainInboxIfFree();
			}
		}
		else if (task.transition(EngineTask.RUN_AGAIN, EngineTask.QUEUED)) {
			addReady(task);
		}
		return true;
	}

}
