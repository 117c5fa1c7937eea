package org.pactlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * core-api.md: "A thread interrupted in {@code await} stops promptly with an unchecked exception that
 * names the pact, and its interrupt flag stays set."
 *
 * <p>Each wait is on a separate daemon thread; "promptly" means within a few seconds, against poll
 * intervals of an hour (or a virtual clock on which {@code await} would otherwise loop forever).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptionTest {

	/** Far longer than any test, so that only an interruption can end these waits. */
	private static final Duration HOUR = Duration.ofHours(1);

	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopWaiters() {
		// leaves no thread behind even when a test failed; interrupting ends any await of these tests
		this.waiters.forEach((waiter) -> waiter.thread.interrupt());
	}

	@Test
	void aThreadInterruptedWhileAwaitSleepsStopsPromptlyWithItsFlagSet() {
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("Never finishing").pollInterval(HOUR).build().until(() -> {
			polled.countDown();
			return false;
		});
		Waiter waiter = start("sleeping", pact::await);
		awaitLatch(polled);
		await().atMost(PROMPTLY).until(waiter::isParked); // inside the hour-long sleep
		waiter.interruptAndAssertStopsPromptly("<Pact: Never finishing>");
		assertThat(pact.isFinished()).isFalse();
	}

	@Test
	void aThreadInterruptedWhileAwaitingWithATimeoutGetsTheInterruptionNotATimeout() {
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("Never finishing with deadline").timeout(HOUR).build().until(() -> {
			polled.countDown();
			return false;
		});
		Waiter waiter = start("deadline", () -> pact.await(HOUR, HOUR));
		awaitLatch(polled);
		await().atMost(PROMPTLY).until(waiter::isParked);
		waiter.interruptAndAssertStopsPromptly("<Pact: Never finishing with deadline>");
	}

	@Test
	void aThreadInterruptedWhileAwaitingAGroupStopsPromptlyNamingItsPendingMembers() {
		CountDownLatch polled = new CountDownLatch(1);
		Pact member = Pact.builder("Group member").pollInterval(HOUR).build().until(() -> {
			polled.countDown();
			return false;
		});
		PactGroup group = PactGroup.builder().pollInterval(HOUR).build().add(member);
		Waiter waiter = start("group", group::await);
		awaitLatch(polled);
		await().atMost(PROMPTLY).until(waiter::isParked);
		waiter.interruptAndAssertStopsPromptly("[<Pact: Group member>]");
	}

	@Test
	void aThreadAlreadyInterruptedBeforeAwaitStopsAtOnceWithItsFlagSet() {
		Pact pact = Pact.builder("Awaited by an interrupted thread").pollInterval(HOUR).build().until(() -> false);
		Waiter waiter = start("preinterrupted", () -> {
			Thread.currentThread().interrupt();
			pact.await();
		});
		waiter.assertStopsPromptly("<Pact: Awaited by an interrupted thread>");
	}

	@Test
	void aThreadAlreadyInterruptedBeforeAwaitWithTimeoutStopsAtOnceWithItsFlagSet() {
		Pact pact = new Pact("Interrupted, with timeout").until(() -> false);
		Waiter waiter = start("preinterruptedTimeout", () -> {
			Thread.currentThread().interrupt();
			pact.await(HOUR, HOUR);
		});
		waiter.assertStopsPromptly("<Pact: Interrupted, with timeout>");
	}

	@Test
	void aThreadAlreadyInterruptedBeforeAwaitOnAVirtualClockStopsWithItsFlagSet() {
		Pact pact = Pact.builder("Virtual, interrupted first").clock(new VirtualClock()).build().until(() -> false);
		Waiter waiter = start("preinterruptedVirtual", () -> {
			Thread.currentThread().interrupt();
			pact.await();
		});
		waiter.assertStopsPromptly("<Pact: Virtual, interrupted first>");
	}

	@Test
	void aThreadInterruptedWhileAwaitingAVirtualClockPactWithNoDeadlineStopsPromptly() {
		// on a virtual clock every sleep returns at once: without the interruption this await never ends
		VirtualClock clock = new VirtualClock();
		AtomicInteger calls = new AtomicInteger();
		Pact pact = Pact.builder("Virtual, forever").clock(clock).build().until(() -> {
			calls.incrementAndGet();
			return false;
		});
		Waiter waiter = start("virtual", pact::await);
		await().atMost(PROMPTLY).until(() -> calls.get() >= 1000);
		waiter.interruptAndAssertStopsPromptly("<Pact: Virtual, forever>");
		assertThat(clock.elapsed()).as("virtual time slept by the await").isPositive();
	}

	@Test
	void aThreadInterruptedWhileAwaitingAVirtualClockGroupWithNoDeadlineStopsPromptly() {
		AtomicInteger calls = new AtomicInteger();
		Pact member = Pact.builder("Virtual member").clock(new VirtualClock()).build().until(() -> {
			calls.incrementAndGet();
			return false;
		});
		PactGroup group = new PactGroup(List.of(member));
		Waiter waiter = start("virtualGroup", group::await);
		await().atMost(PROMPTLY).until(() -> calls.get() >= 1000);
		waiter.interruptAndAssertStopsPromptly("[<Pact: Virtual member>]");
	}

	@Test
	void aThreadInterruptedWhileWaitingForAnotherThreadsPollStopsPromptly() {
		CountDownLatch inCondition = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Pact pact = Pact.builder("Polled slowly").pollInterval(HOUR).build().until(() -> {
			inCondition.countDown();
			awaitLatch(release);
			return true;
		});
		try {
			Waiter slowPoller = start("slowPoller", pact::poll);
			awaitLatch(inCondition);
			// both of these have to wait for the slow poll before they may poll themselves
			Waiter awaiting = start("blockedAwait", pact::await);
			Waiter polling = start("blockedPoll", pact::poll);
			await().atMost(PROMPTLY).until(() -> awaiting.isParked() && polling.isParked());
			awaiting.interruptAndAssertStopsPromptly("<Pact: Polled slowly>");
			polling.interruptAndAssertStopsPromptly("<Pact: Polled slowly>");
			assertThat(slowPoller.isDone()).as("the slow poll goes on").isFalse();
			release.countDown();
			slowPoller.assertReturnsPromptly();
			assertThat(pact.isFinished()).isTrue();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void interruptingOneAwaitingThreadLeavesTheOthersWaitingUntilThePactFinishes() {
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		Pact pact = Pact.builder("Shared").pollInterval(Duration.ofMillis(5)).build().until(() -> {
			calls.incrementAndGet();
			return done.get();
		}).then(thens::incrementAndGet);
		Waiter interrupted = start("interrupted", pact::await);
		Waiter other1 = start("other1", pact::await);
		Waiter other2 = start("other2", () -> pact.await(Duration.ofSeconds(30)));
		await().atMost(PROMPTLY).until(() -> calls.get() >= 6);
		interrupted.interruptAndAssertStopsPromptly("<Pact: Shared>");
		int callsAtInterrupt = calls.get();
		await().atMost(PROMPTLY).until(() -> calls.get() > callsAtInterrupt + 2); // the others still poll
		assertThat(other1.isDone()).isFalse();
		assertThat(other2.isDone()).isFalse();
		assertThat(pact.isFinished()).isFalse();
		done.set(true);
		other1.assertReturnsPromptly();
		other2.assertReturnsPromptly();
		assertThat(thens).hasValue(1);
	}

	@Test
	void aPactIsStillUsableAfterAnAwaitOnItWasInterrupted() {
		AtomicBoolean done = new AtomicBoolean();
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("Interrupted once").pollInterval(HOUR).build().until(() -> {
			polled.countDown();
			return done.get();
		});
		Waiter waiter = start("first", pact::await);
		awaitLatch(polled);
		await().atMost(PROMPTLY).until(waiter::isParked);
		waiter.interruptAndAssertStopsPromptly("<Pact: Interrupted once>");
		done.set(true);
		Waiter again = start("again", pact::await);
		again.assertReturnsPromptly();
		assertThat(pact.isFinished()).isTrue();
	}

	// ------------------------------------------------------------------------------------------------

	private Waiter start(String name, Runnable action) {
		Waiter waiter = new Waiter(name, action);
		this.waiters.add(waiter);
		waiter.thread.start();
		return waiter;
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).as("latch released").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** A daemon thread running one wait, recording how it ended as seen from inside. */
	static final class Waiter {

		final Thread thread;

		final CountDownLatch done = new CountDownLatch(1);

		final AtomicReference<Throwable> thrown = new AtomicReference<>();

		final AtomicBoolean returned = new AtomicBoolean();

		/** The interrupt flag of the thread right after the wait ended, read on that thread. */
		final AtomicBoolean interruptedAfter = new AtomicBoolean();

		Waiter(String name, Runnable action) {
			this.thread = new Thread(() -> {
				try {
					action.run();
					this.returned.set(true);
				}
				catch (Throwable ex) {
					this.thrown.set(ex);
				}
				finally {
					this.interruptedAfter.set(Thread.currentThread().isInterrupted());
					this.done.countDown();
				}
			}, "pact-test-" + name);
			this.thread.setDaemon(true);
		}

		boolean isDone() {
			return this.done.getCount() == 0;
		}

		boolean isParked() {
			Thread.State state = this.thread.getState();
			return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
		}

		void interruptAndAssertStopsPromptly(String named) {
			assertThat(isDone()).as("%s ended before it was interrupted (thrown: %s)", this.thread.getName(),
					this.thrown.get()).isFalse();
			this.thread.interrupt();
			assertStopsPromptly(named);
		}

		void assertStopsPromptly(String named) {
			await().atMost(PROMPTLY).until(this::isDone);
			assertThat(this.returned).as("returned normally").isFalse();
			assertThat(this.thrown.get()).isInstanceOf(PactInterruptedException.class)
				.isInstanceOf(RuntimeException.class)
				.hasMessageContaining(named);
			assertThat(this.interruptedAfter).as("interrupt flag still set after catching").isTrue();
		}

		void assertReturnsPromptly() {
			await().atMost(PROMPTLY).until(this::isDone);
			assertThat(this.thrown.get()).as("thrown by %s", this.thread.getName()).isNull();
			assertThat(this.returned).isTrue();
		}

	}

}
