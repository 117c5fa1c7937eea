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
