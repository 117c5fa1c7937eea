package org.pactlib;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What other threads do while one thread's poll of a pact is under way (its condition blocked on a
 * latch): a {@code tryPoll} returns at once and, however many there were, makes the busy poll ask the
 * background poller for exactly one more poll as it ends; a {@code poll} waits, and if interrupted
 * while waiting leaves no waiter behind.
 */
class BusyPollTest {

	private final VirtualClock clock = new VirtualClock();

	private final CountDownLatch inCondition = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicBoolean blockNextEvaluation = new AtomicBoolean(true);

	private final AtomicInteger evaluations = new AtomicInteger();

	private final AtomicInteger backgroundWakeUps = new AtomicInteger();

	private final Pact pact = Pact.builder("Deleting /a").clock(this.clock).build().until(this::condition);

	private Thread busyPoller;

	@AfterEach
	void releaseTheBusyPoll() throws InterruptedException {
		this.release.countDown();
		if (this.busyPoller != null) {
			this.busyPoller.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(this.busyPoller.isAlive()).isFalse();
		}
	}

	private boolean condition() {
		this.evaluations.incrementAndGet();
		if (this.blockNextEvaluation.getAndSet(false)) {
			this.inCondition.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return false;
	}

	private void startABusyPoll() throws InterruptedException {
		this.busyPoller = new Thread(this.pact::poll, "busy-poller");
		this.busyPoller.start();
		assertThat(this.inCondition.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void tryPollsThatFindThePactBusyAskForExactlyOneMoreBackgroundPollWhenTheBusyPollEnds()
			throws InterruptedException {
		this.pact.pollInBackground(this.backgroundWakeUps::incrementAndGet);
		startABusyPoll();

		assertThat(this.pact.tryPoll()).isFalse();
		assertThat(this.pact.tryPoll(this.clock.nanoTime())).isFalse();
		assertThat(this.evaluations.get()).as("the tries did not evaluate").isOne();
		assertThat(this.backgroundWakeUps.get()).as("nothing asked while the poll is under way").isZero();

		this.release.countDown();
		this.busyPoller.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(this.backgroundWakeUps.get()).isOne();
		assertThat(this.pact.state()).isEqualTo(PactState.PENDING);
	}

	@Test
	void aBusyPollThatNoTryMissedAsksForNoBackgroundPoll() throws InterruptedException {
		this.pact.pollInBackground(this.backgroundWakeUps::incrementAndGet);
		startABusyPoll();
		this.release.countDown();
		this.busyPoller.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(this.backgroundWakeUps.get()).isZero();
		assertThat(this.pact.tryPoll()).as("a free pact is polled by a try").isFalse();
		assertThat(this.evaluations.get()).isEqualTo(2);
		assertThat(this.backgroundWakeUps.get()).isZero();
	}

	@Test
	void aPollWaitingForTheBusyPollAndInterruptedLeavesNoWaiterBehind() throws InterruptedException {
		startABusyPoll();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread waiting = new Thread(() -> {
			try {
				this.pact.poll();
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		}, "waiting-poller");
		waiting.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pact.waiterCount() == 1);

		waiting.interrupt();
		waiting.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(thrown.get()).isInstanceOf(PactInterruptedException.class);
		assertThat(this.pact.waiterCount()).isZero();
		assertThat(this.evaluations.get()).as("the interrupted poll did not evaluate").isOne();
	}

}
