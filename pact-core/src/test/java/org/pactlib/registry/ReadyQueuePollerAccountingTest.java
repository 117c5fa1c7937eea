package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ready queue on its own: tasks leave in the order they came, and the queue counts its pollers
 * exactly, asking for a first one when work arrives and none runs, for more only past a backlog (by
 * size or by wait) and never past the maximum or after a stop, and waking the idle ones it has.
 */
class ReadyQueuePollerAccountingTest {

	private static final long LONG_AGO = TimeUnit.HOURS.toNanos(1);

	private static final int LARGE = 4 * PollingEngine.BATCH;

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private final PollingEngine engine = new PollingEngine(new VirtualClock(), TimeUnit.MILLISECONDS.toNanos(10), 0,
			LONG_AGO, LONG_AGO, Thread::new, (task, thread, nanos) -> {
			});

	private final List<ReadyQueue> queues = new ArrayList<>();

	private final List<Thread> waiters = new ArrayList<>();

	@AfterEach
	void stopQueues() throws InterruptedException {
		this.queues.forEach(ReadyQueue::stop);
		for (Thread waiter : this.waiters) {
			waiter.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(waiter.isAlive()).as("a poller waiting on a stopped queue returns").isFalse();
		}
	}

	private ReadyQueue queue(int maxPollers, long backlogNanos) {
		ReadyQueue queue = new ReadyQueue(maxPollers, backlogNanos);
		this.queues.add(queue);
		return queue;
	}

	@Test
	void theFirstTaskAsksForAPollerAndLaterOnesDoNotWhileOneIsCounted() {
		ReadyQueue queue = queue(4, LONG_AGO);
		assertThat(queue.add(new Task())).isTrue();
		assertThat(queue.pollers()).isOne();
		assertThat(queue.add(new Task())).isFalse();
		assertThat(queue.addChain(chain(3), last, 3, 0)).isFalse();
		assertThat(queue.pollers()).isOne();
		assertThat(queue.size()).isEqualTo(5);
	}

	@Test
	void noPollerIsAskedForWithoutAnyAllowedOrAfterAStop() {
		ReadyQueue none = queue(0, LONG_AGO);
		assertThat(none.add(new Task())).isFalse();
		assertThat(none.addChain(chain(LARGE), last, LARGE, 0)).isFalse();
		assertThat(none.needsAnotherPoller(Long.MAX_VALUE / 2)).isFalse();
		assertThat(none.pollers()).isZero();

		ReadyQueue stopped = queue(4, LONG_AGO);
		stopped.stop();
		assertThat(stopped.add(new Task())).isFalse();
		assertThat(stopped.addChain(chain(LARGE), last, LARGE, 0)).isFalse();
		assertThat(stopped.needsAnotherPoller(Long.MAX_VALUE / 2)).isFalse();
		assertThat(stopped.pollers()).isZero();
	}

	@Test
	void aBacklogOfFourBatchesAsksForOneMorePollerAtOnceUpToTheCores() {
		ReadyQueue queue = queue(64, LONG_AGO);
		assertThat(queue.add(new Task())).isTrue();
		assertThat(queue.addChain(chain(LARGE - 2), last, LARGE - 2, 0)).as("one task short of the backlog")
			.isFalse();
		assertThat(queue.pollers()).isOne();
		int expected = 1;
		for (int chains = 0; chains < CORES + 1; chains++) {
			boolean more = expected < Math.min(64, CORES);
			assertThat(queue.addChain(chain(1), last, 1, 0)).as("a backlog with %d pollers counted", expected)
				.isEqualTo(more);
			expected += more ? 1 : 0;
			assertThat(queue.pollers()).isEqualTo(expected);
		}
		assertThat(queue.size()).isEqualTo(LARGE + CORES);
	}

	@Test
	void aBacklogAsksForNoPollerPastTheMaximum() {
		ReadyQueue queue = queue(1, LONG_AGO);
		assertThat(queue.add(new Task())).isTrue();
		assertThat(queue.addChain(chain(LARGE), last, LARGE, 0)).isFalse();
		assertThat(queue.pollers()).isOne();
	}

	@Test
	void anotherPollerIsWantedOnlyOnceTheQueueWasBusyLongerThanTheBacklogTime() {
		long backlog = TimeUnit.MILLISECONDS.toNanos(10);
		long start = TimeUnit.SECONDS.toNanos(100);
		ReadyQueue queue = queue(3, backlog);
		assertThat(queue.needsAnotherPoller(start)).as("nothing queued").isFalse();
		assertThat(queue.addChain(chain(1), last, 1, start)).isTrue();
		assertThat(queue.addChain(chain(1), last, 1, start + backlog)).as("busy since the first add").isFalse();
		assertThat(queue.needsAnotherPoller(start + backlog)).isFalse();
		assertThat(queue.pollers()).isOne();
		assertThat(queue.needsAnotherPoller(start + backlog + 1)).isTrue();
		assertThat(queue.needsAnotherPoller(start + backlog + 1)).isTrue();
		assertThat(queue.pollers()).isEqualTo(3);
		assertThat(queue.needsAnotherPoller(start + backlog + 1)).as("at the maximum").isFalse();
		assertThat(queue.pollers()).isEqualTo(3);
	}

	@Test
	void aQueueWithTasksAndNoPollerAsksForOneEvenWithoutABacklog() {
		ReadyQueue queue = queue(2, LONG_AGO);
		assertThat(queue.add(new Task())).isTrue();
		queue.pollerNotStarted();
		assertThat(queue.pollers()).isZero();
		assertThat(queue.needsAnotherPoller(0)).isTrue();
		assertThat(queue.pollers()).isOne();
		assertThat(queue.needsAnotherPoller(0)).isFalse();
	}

	@Test
	void aPollerTakesTasksInTheOrderTheyCameABatchAtATime() {
		ReadyQueue queue = queue(1, LONG_AGO);
		Task first = new Task();
		queue.add(first);
		EngineTask chained = chain(PollingEngine.BATCH + 1);
		queue.addChain(chained, last, PollingEngine.BATCH + 1, 0);
		Poller poller = new Poller(this.engine);

		assertThat(queue.take(poller, 0)).isEqualTo(PollingEngine.BATCH);
		assertThat(poller.batchSize()).isEqualTo(PollingEngine.BATCH);
		assertThat(poller.batch[0]).isSameAs(first);
		assertThat(poller.batch[1]).isSameAs(chained);
		assertThat(queue.size()).isEqualTo(2);
		EngineTask[] rest = new EngineTask[PollingEngine.BATCH];
		assertThat(queue.poll(rest)).isEqualTo(2);
		assertThat(rest[1]).isSameAs(last);
		assertThat(queue.pollers()).isOne();
	}

	@Test
	void aPollerThatFindsNoWorkWithinItsKeepAliveOrAStoppedQueueIsUncounted() {
		ReadyQueue queue = queue(2, LONG_AGO);
		queue.addChain(chain(1), last, 1, 0);
		queue.needsAnotherPoller(LONG_AGO * 2);
		EngineTask[] drained = new EngineTask[PollingEngine.BATCH];
		queue.poll(drained);
		assertThat(queue.pollers()).isEqualTo(2);
		assertThat(queue.take(new Poller(this.engine), 0)).isZero();
		assertThat(queue.pollers()).isOne();
		queue.stop();
		assertThat(queue.take(new Poller(this.engine), LONG_AGO)).isZero();
		assertThat(queue.pollers()).isZero();
	}

	@Test
	void tasksTakenBackFromAHeldUpPollerGoFirstInTheirOrderAndCountAsWaitingLong() {
		ReadyQueue queue = queue(2, TimeUnit.SECONDS.toNanos(1));
		queue.addChain(chain(3), last, 3, 0);
		Poller poller = new Poller(this.engine);
		queue.take(poller, 0);
		List<EngineTask> taken = Arrays.asList(poller.batch).subList(0, 3);
		List<EngineTask> expected = new ArrayList<>(taken);
		Task behind = new Task();
		queue.add(behind);
		expected.add(behind);

		assertThat(queue.takeBackFrom(poller)).isEqualTo(3);
		assertThat(poller.hasUnstartedTasks()).isFalse();
		assertThat(queue.size()).isEqualTo(4);
		assertThat(queue.needsAnotherPoller(System.nanoTime())).as("taken-back tasks have waited long").isTrue();
		EngineTask[] order = new EngineTask[PollingEngine.BATCH];
		assertThat(queue.poll(order)).isEqualTo(4);
		assertThat(Arrays.asList(order).subList(0, 4)).containsExactlyElementsOf(expected);
		assertThat(queue.takeBackFrom(poller)).as("nothing left to take back").isZero();
	}

	@Test
	void anIdlePollerIsWokenByNewWorkRatherThanANewOneCounted() {
		ReadyQueue queue = queue(4, LONG_AGO);
		queue.add(new Task());
		queue.poll(new EngineTask[PollingEngine.BATCH]);
		AtomicInteger took = new AtomicInteger(-1);
		waitIdle(queue, took);

		assertThat(queue.add(new Task())).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> took.get() == 1);
		assertThat(queue.pollers()).isOne();
	}

	@Test
	void aBacklogWakesTwoIdlePollersAtOnce() {
		ReadyQueue queue = queue(4, Long.MAX_VALUE / 2);
		AtomicInteger first = new AtomicInteger(-1);
		AtomicInteger second = new AtomicInteger(-1);
		waitIdle(queue, first);
		waitIdle(queue, second);

		queue.addChain(chain(LARGE), last, LARGE, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.get() > 0 && second.get() > 0);
	}

	@Test
	void aPollerThatTakesPartOfALongWaitingQueueWakesAnIdleOne() {
		ReadyQueue queue = queue(4, 0);
		AtomicInteger first = new AtomicInteger(-1);
		AtomicInteger second = new AtomicInteger(-1);
		waitIdle(queue, first);
		waitIdle(queue, second);

		queue.addChain(chain(PollingEngine.BATCH + 1), last, PollingEngine.BATCH + 1, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.get() > 0 && second.get() > 0);
		assertThat(first.get() + second.get()).isEqualTo(PollingEngine.BATCH + 1);
	}

	@Test
	void everyCallLeavesTheQueueUnlockedForOtherThreads() throws InterruptedException {
		ReadyQueue queue = queue(2, LONG_AGO);
		queue.add(new Task());
		Poller poller = new Poller(this.engine);
		queue.take(poller, 0);
		poller.giveUpRest();
		queue.size();
		queue.pollers();
		queue.takeBackFrom(poller);
		queue.pollerNotStarted();
		Thread other = new Thread(() -> queue.add(new Task()), "ready-queue-test-adder");
		other.start();
		other.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(other.isAlive()).as("another thread adding after this one's calls").isFalse();
	}

	@Test
	void tasksTakenBackIntoAnEmptyQueueStillComeBeforeLaterOnes() {
		ReadyQueue queue = queue(2, LONG_AGO);
		queue.addChain(chain(3), last, 3, 0);
		Poller poller = new Poller(this.engine);
		queue.take(poller, 0);
		List<EngineTask> expected = new ArrayList<>(Arrays.asList(poller.batch).subList(0, 3));
		assertThat(queue.takeBackFrom(poller)).isEqualTo(3);
		Task later = new Task();
		Task latest = new Task();
		queue.add(later);
		queue.add(latest);
		expected.add(later);
		expected.add(latest);
		EngineTask[] order = new EngineTask[PollingEngine.BATCH];
		assertThat(queue.poll(order)).isEqualTo(5);
		assertThat(Arrays.asList(order).subList(0, 5)).containsExactlyElementsOf(expected);
	}

	@Test
	void takingBackNothingLeavesTheQueuesWaitAsItWas() {
		ReadyQueue queue = queue(2, TimeUnit.SECONDS.toNanos(10));
		queue.add(new Task());
		Poller poller = new Poller(this.engine);
		queue.take(poller, 0);
		poller.giveUpRest();
		queue.add(new Task());
		assertThat(queue.takeBackFrom(poller)).isZero();
		assertThat(queue.needsAnotherPoller(System.nanoTime())).isFalse();
		assertThat(queue.pollers()).isOne();
	}

	@Test
	void tasksTakenBackWakeAnIdlePoller() {
		ReadyQueue queue = queue(4, LONG_AGO);
		queue.addChain(chain(3), last, 3, 0);
		Poller heldUp = new Poller(this.engine);
		queue.take(heldUp, 0);
		AtomicInteger took = new AtomicInteger(-1);
		waitIdle(queue, took);
		assertThat(queue.takeBackFrom(heldUp)).isEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> took.get() == 3);
	}

	@Test
	void anIdlePollerThatIsInterruptedIsUncountedAndKeepsItsInterrupt() throws InterruptedException {
		ReadyQueue queue = queue(2, LONG_AGO);
		queue.add(new Task());
		queue.poll(new EngineTask[PollingEngine.BATCH]);
		AtomicInteger took = new AtomicInteger(-1);
		AtomicBoolean interrupted = new AtomicBoolean();
		Thread waiter = new Thread(() -> {
			took.set(queue.take(new Poller(this.engine), TimeUnit.MINUTES.toNanos(5)));
			interrupted.set(Thread.currentThread().isInterrupted());
		}, "ready-queue-test-poller");
		waiter.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
		waiter.interrupt();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(took.get()).isZero();
		assertThat(interrupted.get()).isTrue();
		assertThat(queue.pollers()).isZero();
	}

	/** Starts a poller thread that waits in {@code take}, and returns once it waits idle. */
	private void waitIdle(ReadyQueue queue, AtomicInteger took) {
		Thread waiter = new Thread(() -> took.set(queue.take(new Poller(this.engine), TimeUnit.MINUTES.toNanos(5))),
				"ready-queue-test-poller");
		waiter.setDaemon(true);
		this.waiters.add(waiter);
		waiter.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
	}

	private EngineTask last;

	/** Links {@code count} new tasks by {@code nextReady}; the last is {@link #last}. */
	private EngineTask chain(int count) {
		Task first = new Task();
		Task current = first;
		for (int i = 1; i < count; i++) {
			Task next = new Task();
			current.nextReady = next;
			current = next;
		}
		current.nextReady = null;
		this.last = current;
		return first;
	}

	private static final class Task extends EngineTask {

		@Override
		long run(long nowNanos) {
			return DONE_RUNNING;
		}

		@Override
		long runFailed(Throwable failure, long nowNanos) {
			return DONE_RUNNING;
		}

	}

}
