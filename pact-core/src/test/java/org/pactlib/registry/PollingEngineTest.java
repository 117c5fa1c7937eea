package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.CapturedLog;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduling engine without pacts: each transition of a task's state machine, driven by the
 * test's own ticks on a virtual clock.
 */
class PollingEngineTest {

	private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final VirtualClock clock = new VirtualClock();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final ThreadFactory factory = (task) -> {
		Thread thread = new Thread(task, "engine-test-poller");
		thread.setDaemon(true);
		this.threads.add(thread);
		return thread;
	};

	@RegisterExtension
	final CapturedLog log = new CapturedLog();

	private PollingEngine engine = engine(2, TimeUnit.SECONDS.toNanos(30));

	private PollingEngine engine(int maxPollers, long keepAliveNanos) {
		return new PollingEngine(this.clock, TICK, maxPollers, 3 * TICK, keepAliveNanos, this.factory,
				(task, thread, nanos) -> {
				});
	}

	@AfterEach
	void stop() throws InterruptedException {
		assertThat(this.engine.stop(TimeUnit.SECONDS.toNanos(5))).isTrue();
	}

	/**
	 * An engine of two pollers, a slow-poll threshold of three ticks, and poller threads that take no
	 * work until {@code go} is released: the batch a poller then takes holds every task already due.
	 */
	private PollingEngine engineWithPollersHeldUntil(CountDownLatch go, SlowRuns slowRuns) {
		ThreadFactory startingOnGo = (runnable) -> this.factory.newThread(() -> {
			awaitLatch(go);
			runnable.run();
		});
		return new PollingEngine(this.clock, TICK, 2, 3 * TICK, 30 * SECOND, startingOnGo, slowRuns);
	}

	private void advanceAndTick(Duration duration) {
		this.clock.advance(duration);
		this.engine.tick();
	}

	@Test
	void aSubmittedTaskRunsAtOnceThenAtEachDueTimeAndNotBefore() {
		CountingTask task = new CountingTask((now) -> now + SECOND);
		this.engine.submit(task);
		awaitRuns(task, 1);
		awaitState(task, EngineTask.TO_WHEEL);
		this.engine.tick();
		assertThat(task.state()).isEqualTo(EngineTask.IN_WHEEL);
		advanceAndTick(Duration.ofMillis(990));
		assertThat(task.runs()).isEqualTo(1);
		advanceAndTick(Duration.ofMillis(10));
		awaitRuns(task, 2);
		advanceAndTick(Duration.ofSeconds(1));
		awaitRuns(task, 3);
	}

	@Test
	void aScheduledTaskFirstRunsAtItsDueTime() {
		CountingTask task = new CountingTask((now) -> EngineTask.DONE_RUNNING);
		this.engine.schedule(task, this.clock.nanoTime() + 5 * SECOND);
		this.engine.tick();
		assertThat(task.state()).isEqualTo(EngineTask.IN_WHEEL);
		advanceAndTick(Duration.ofSeconds(4));
		assertThat(task.runs()).isZero();
		advanceAndTick(Duration.ofSeconds(1));
		awaitRuns(task, 1);
		awaitState(task, EngineTask.DONE);
	}

	@Test
	void wakingATaskInTheWheelRunsItAtOnceWithoutATick() {
		CountingTask task = new CountingTask((now) -> now + 3600 * SECOND);
		this.engine.submit(task);
		awaitRuns(task, 1);
		awaitState(task, EngineTask.TO_WHEEL);
		this.engine.tick();
		assertThat(task.state()).isEqualTo(EngineTask.IN_WHEEL);
		this.engine.wake(task);
		awaitRuns(task, 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> task.state() == EngineTask.TO_WHEEL
				|| task.state() == EngineTask.IN_WHEEL);
		this.engine.wake(task);
		awaitRuns(task, 3);
	}

	@Test
	void wakeUpsDuringARunGiveExactlyOneMoreRun() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		CountingTask task = new CountingTask((now) -> {
			if (calls.incrementAndGet() == 1) {
				running.countDown();
				awaitLatch(finish);
			}
			return now + 3600 * SECOND;
		});
		this.engine.submit(task);
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(task.state()).isEqualTo(EngineTask.RUNNING);
		for (int i = 0; i < 100; i++) {
			this.engine.wake(task);
		}
		assertThat(task.state()).isEqualTo(EngineTask.RUN_AGAIN);
		finish.countDown();
		awaitRuns(task, 2);
		awaitState(task, EngineTask.TO_WHEEL);
		this.engine.tick();
		advanceAndTick(Duration.ofMinutes(59));
		assertThat(task.runs()).as("no run beyond the one the wake-ups asked for").isEqualTo(2);
	}

	@Test
	void wakingAQueuedIdleOrDoneTaskChangesNothing() {
		CountingTask idle = new CountingTask((now) -> DONE);
		this.engine.wake(idle);
		assertThat(idle.state()).isEqualTo(EngineTask.IDLE);
		this.engine.cancel(idle);
		this.engine.wake(idle);
		assertThat(idle.state()).isEqualTo(EngineTask.DONE);
		this.engine.submit(idle);
		assertThat(idle.runs()).isZero();
	}

	@Test
	void aCancelledTaskInTheWheelNeverRunsAndLeavesTheWheel() {
		CountingTask task = new CountingTask((now) -> now + SECOND);
		this.engine.submit(task);
		awaitRuns(task, 1);
		awaitState(task, EngineTask.TO_WHEEL);
		this.engine.tick();
		this.engine.cancel(task);
		assertThat(task.state()).isEqualTo(EngineTask.DONE);
		this.engine.tick();
		assertThat(task.wheelBucket).as("unlinked by the next tick").isEqualTo(-1);
		advanceAndTick(Duration.ofSeconds(10));
		assertThat(task.runs()).isEqualTo(1);
	}

	@Test
	void aRunThatThrowsIsReportedAndTheTaskGoesOn() {
		AtomicInteger calls = new AtomicInteger();
		CountingTask task = new CountingTask((now) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("bug");
			}
			return DONE;
		});
		this.engine.submit(task);
		awaitRuns(task, 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> task.failures.size() == 1);
		this.engine.tick();
		advanceAndTick(Duration.ofSeconds(1));
		awaitRuns(task, 2);
		awaitState(task, EngineTask.DONE);
	}

	@Test
	void runDueTasksRunsOnTheCallingThread() {
		PollingEngine manual = engine(1, TimeUnit.SECONDS.toNanos(30));
		try {
			List<Thread> runners = new ArrayList<>();
			CountingTask task = new CountingTask((now) -> {
				synchronized (runners) {
					runners.add(Thread.currentThread());
				}
				return now + SECOND;
			});
			manual.schedule(task, this.clock.nanoTime() + SECOND);
			manual.tick();
			this.clock.advance(Duration.ofSeconds(1));
			int ran = manual.runDueTasks();
			awaitRuns(task, 1);
			if (ran == 1) {
				assertThat(runners).containsExactly(Thread.currentThread());
			}
		}
		finally {
			try {
				manual.stop(TimeUnit.SECONDS.toNanos(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Test
	void aTaskHeldUpBehindASlowRunIsHandedToAnotherPoller() {
		CountDownLatch release = new CountDownLatch(1);
		CountingTask slow = new CountingTask((now) -> {
			awaitLatch(release);
			return DONE;
		});
		List<CountingTask> behind = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			behind.add(new CountingTask((now) -> DONE));
		}
		this.engine.schedule(slow, this.clock.nanoTime() + SECOND);
		behind.forEach((task) -> this.engine.schedule(task, this.clock.nanoTime() + SECOND));
		this.engine.tick();
		advanceAndTick(Duration.ofSeconds(1));
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				this.engine.tick();
				return behind.stream().allMatch((task) -> task.runs() == 1);
			});
		}
		finally {
			release.countDown();
		}
		awaitRuns(slow, 1);
	}

	/**
	 * The tick counts how long a run has held its poller: at the slow-poll threshold (three ticks here)
	 * and not before, the run is reported once, with its thread and how long it has held it, and the
	 * tasks of its batch that it has not started go to another poller.
	 */
	@Test
	void aRunHeldForTheSlowPollThresholdIsReportedOnceAndTheRestOfItsBatchMoves() throws InterruptedException {
		CountDownLatch go = new CountDownLatch(1);
		record SlowRun(EngineTask task, Thread thread, long heldNanos) {
		}
		List<SlowRun> reports = new CopyOnWriteArrayList<>();
		this.engine = engineWithPollersHeldUntil(go, (task, thread, nanos) -> reports.add(new SlowRun(task, thread, nanos)));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean first = new AtomicBoolean(true);
		List<CountingTask> tasks = new ArrayList<>();
		List<CountingTask> held = new CopyOnWriteArrayList<>();
		List<Thread> heldThread = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 11; i++) {
			CountingTask[] self = new CountingTask[1];
			self[0] = new CountingTask((now) -> {
				if (first.compareAndSet(true, false)) {
					held.add(self[0]);
					heldThread.add(Thread.currentThread());
					started.countDown();
					awaitLatch(release);
				}
				return DONE;
			});
			tasks.add(self[0]);
			this.engine.schedule(self[0], this.clock.nanoTime() + SECOND);
		}
		this.engine.tick();
		advanceAndTick(Duration.ofSeconds(1));
		go.countDown();
		awaitLatch(started);
		CountingTask slow = held.get(0);
		List<CountingTask> behind = tasks.stream().filter((task) -> task != slow).toList();
		try {
			this.engine.tick();
			this.engine.tick();
			assertThat(reports).as("after two ticks").isEmpty();
			assertThat(behind).allSatisfy((task) -> assertThat(task.runs()).isZero());

			this.engine.tick();
			assertThat(reports).containsExactly(new SlowRun(slow, heldThread.get(0), 3 * TICK));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				this.engine.tick();
				return behind.stream().allMatch((task) -> task.runs() == 1);
			});
			this.engine.tick();
			assertThat(reports).as("reported once").hasSize(1);
		}
		finally {
			release.countDown();
		}
		awaitRuns(slow, 1);
	}

	/**
	 * A poller that finishes a run between two ticks is moving, however long its batch takes: it is
	 * never reported, and its batch stays with it.
	 */
	@Test
	void aPollerThatKeepsFinishingRunsIsNeitherReportedNorRelieved() {
		CountDownLatch go = new CountDownLatch(1);
		List<EngineTask> reports = new CopyOnWriteArrayList<>();
		this.engine = engineWithPollersHeldUntil(go, (task, thread, nanos) -> reports.add(task));
		int runs = 6;
		List<CountDownLatch> started = new ArrayList<>();
		List<CountDownLatch> finish = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			started.add(new CountDownLatch(1));
			finish.add(new CountDownLatch(1));
		}
		AtomicInteger order = new AtomicInteger();
		Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < runs; i++) {
			this.engine.schedule(new CountingTask((now) -> {
				int k = order.getAndIncrement();
				ranOn.add(Thread.currentThread());
				started.get(k).countDown();
				awaitLatch(finish.get(k));
				return DONE;
			}), this.clock.nanoTime() + SECOND);
		}
		this.engine.tick();
		advanceAndTick(Duration.ofSeconds(1));
		go.countDown();
		try {
			for (int k = 0; k < runs; k++) {
				awaitLatch(started.get(k));
				this.engine.tick();
				this.engine.tick();
				assertThat(reports).as("after run %d", k).isEmpty();
				finish.get(k).countDown();
			}
		}
		finally {
			finish.forEach(CountDownLatch::countDown);
		}
		assertThat(ranOn).as("one poller ran the whole batch").hasSize(1);
	}

	/**
	 * Stopping waits for the runs in progress; one that outlasts the wait is interrupted and given as
	 * long again, and {@code stop} says whether every poller thread ended.
	 */
	@Test
	void stopInterruptsARunThatOutlastsTheWaitAndSaysWhetherEveryPollerEnded() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CountingTask interruptible = new CountingTask((now) -> {
			started.countDown();
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return DONE;
		});
		this.engine.submit(interruptible);
		awaitLatch(started);
		assertThat(this.engine.stop(TimeUnit.MILLISECONDS.toNanos(100))).isTrue();
		assertThat(interrupted).isTrue();
		assertThat(this.threads).allSatisfy((thread) -> assertThat(thread.isAlive()).isFalse());

		this.threads.clear();
		this.engine = engine(2, 30 * SECOND);
		CountDownLatch startedAgain = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountingTask stubborn = new CountingTask((now) -> {
			startedAgain.countDown();
			while (release.getCount() > 0) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					// a run that will not stop when asked
				}
			}
			return DONE;
		});
		this.engine.submit(stubborn);
		awaitLatch(startedAgain);
		try {
			assertThat(this.engine.stop(TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
			assertThat(this.threads).anySatisfy((thread) -> assertThat(thread.isAlive()).isTrue());
		}
		finally {
			release.countDown();
		}
		for (Thread thread : this.threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void noWakeUpIsLostWhilePollersComeAndGo() throws InterruptedException {
		this.engine.stop(TimeUnit.SECONDS.toNanos(5));
		this.engine = engine(2, TimeUnit.MICROSECONDS.toNanos(50));
		for (int round = 0; round < 300; round++) {
			CountingTask task = new CountingTask((now) -> now + 3600 * SECOND);
			this.engine.submit(task);
			awaitRuns(task, 1);
			this.engine.wake(task);
			awaitRuns(task, 2);
		}
	}

	/** Defect 12: a task woken again and again is in the wheel once at most; nothing stale piles up. */
	@Test
	void aTaskWokenOverAndOverIsLinkedInTheWheelOnceAtMost() {
		CountingTask task = new CountingTask((now) -> now + 3600 * SECOND);
		this.engine.submit(task);
		awaitRuns(task, 1);
		awaitState(task, EngineTask.TO_WHEEL);
		this.engine.tick();
		for (int wakeUps = 1; wakeUps <= 500; wakeUps++) {
			this.engine.wake(task);
			awaitRuns(task, wakeUps + 1);
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
				.until(() -> task.state() == EngineTask.TO_WHEEL
					|| task.state() == EngineTask.IN_WHEEL);
			this.engine.tick();
			assertThat(this.engine.wheelSize()).as("tasks linked in the wheel after %d wake-ups", wakeUps).isOne();
		}
	}

	/**
	 * A thread factory that throws, or returns no thread, costs a logged error and nothing else: the
	 * poller is not counted, and the next tick starts one for the waiting task.
	 */
	@Test
	void aPollerThatCannotBeStartedIsLoggedAndTheNextTickStartsOne() {
		AtomicInteger calls = new AtomicInteger();
		ThreadFactory failingTwice = (runnable) -> switch (calls.incrementAndGet()) {
			case 1 -> throw new IllegalStateException("no threads left");
			case 2 -> null;
			default -> this.factory.newThread(runnable);
		};
		this.engine = new PollingEngine(this.clock, TICK, 2, 3 * TICK, SECOND, failingTwice, (task, thread, nanos) -> {
		});
		CountingTask task = new CountingTask((now) -> DONE);
		this.engine.submit(task);
		assertThat(calls.get()).isOne();
		assertThat(this.log.warnings()).containsExactly("Could not start a pact poller thread");
		assertThat(this.log.records().get(0).getThrown()).hasMessage("no threads left");
		assertThat(task.runs()).isZero();

		this.engine.tick();
		assertThat(calls.get()).isEqualTo(2);
		assertThat(this.log.records().get(1).getThrown()).hasMessage("the thread factory returned no thread");
		assertThat(task.runs()).isZero();

		this.engine.tick();
		assertThat(calls.get()).isEqualTo(3);
		awaitRuns(task, 1);
		assertThat(this.log.warnings()).hasSize(2);
	}

	private static final long DONE = EngineTask.DONE_RUNNING;

	private static void awaitRuns(CountingTask task, int runs) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> task.runs() >= runs);
		assertThat(task.runs()).isEqualTo(runs);
	}

	private static void awaitState(CountingTask task, int state) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
			.until(() -> task.state() == state);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("latch not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class CountingTask extends EngineTask {

		private final LongUnaryOperator next;

		private final AtomicInteger runs = new AtomicInteger();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		CountingTask(LongUnaryOperator next) {
			this.next = next;
		}

		int runs() {
			return this.runs.get();
		}

		@Override
		long run(long nowNanos) {
			this.runs.incrementAndGet();
			return this.next.applyAsLong(nowNanos);
		}

		@Override
		long runFailed(Throwable failure, long nowNanos) {
			this.failures.add(failure);
			return nowNanos + SECOND;
		}

	}

}
