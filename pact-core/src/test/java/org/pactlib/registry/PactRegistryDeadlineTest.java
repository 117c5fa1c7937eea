package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistryTest.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * Deadlines of registered pacts that nobody awaits: the first poll past the deadline runs the
 * {@code onTimeout} callbacks once, reports it once and marks the pact overdue; it stays registered and
 * polled, and may still finish; after the overdue retention it is cancelled and dropped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistryDeadlineTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private final RecordingListener listener = new RecordingListener();

	private String pollerPrefix;

	/** A registry on {@link #clock} that ticks every 5 ms of real time, with {@link #listener}. */
	private PactRegistry virtualRegistry(Duration overdueRetention) {
		this.pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		return this.resources.track(PactRegistry.builder(this.resources.scheduler()).clock(this.clock)
			.tick(Duration.ofMillis(5)).threadNamePrefix(this.pollerPrefix).overdueRetention(overdueRetention)
			.listener(this.listener).build());
	}

	private static ConditionFactory stays() {
		return RegistryTestResources.stays(Duration.ofMillis(100));
	}

	/**
	 * Advances {@link #clock} once the registry's pollers are idle: a poll schedules the next one from the
	 * time it reads after evaluating, so advancing during that moment would move the next poll too.
	 */
	private void advance(Duration duration) {
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		this.clock.advance(duration);
	}

	/** Advances the clock by one second and waits for the poll that is then due. */
	private void advanceOneSecondAndAwaitPoll(Pact pact) {
		advanceAndAwaitPoll(pact, Duration.ofSeconds(1));
	}

	/** Advances the clock and waits for the poll that is then due. */
	private void advanceAndAwaitPoll(Pact pact, Duration duration) {
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		long polls = pact.getPollCount();
		advance(duration);
		eventually().until(() -> pact.getPollCount() > polls || pact.state().isEnded());
	}

	@Test
	void overduePactRunsItsTimeoutCallbacksOnceStaysRegisteredAndPolledAndMayStillFinish() {
		PactRegistry registry = virtualRegistry(Duration.ofMinutes(1));
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("Exporting report 42").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build()
			.until(done::get).onTimeout(timeouts::incrementAndGet).onTimeout(() -> {
				throw new IllegalStateException("timeout callback failed");
			}).then(thens::incrementAndGet).lastly(lastlies::incrementAndGet);
		RegisteredPact registered = registry.register(pact, "report.export");
		eventually().until(() -> pact.getPollCount() == 1);

		for (int second = 1; second <= 4; second++) {
			advanceOneSecondAndAwaitPoll(pact);
		}
		assertThat(timeouts.get()).isZero();
		assertThat(registry.find(registered.id()).orElseThrow().overdue()).isFalse();
		assertThat(registered.overdueSince()).isNull();
		assertThat(this.listener.count("deadlinePassed")).isZero();

		advanceOneSecondAndAwaitPoll(pact); // 5 s: the deadline

		eventually().until(() -> this.listener.count("deadlinePassed") == 1);
		assertThat(timeouts.get()).isOne();
		assertThat(this.listener.eventsOf(registered.id())).containsExactly("registered", "pollFailed", "deadlinePassed");
		assertThat(this.listener.pollFailures).singleElement().extracting(Throwable::getMessage)
			.isEqualTo("timeout callback failed");
		assertThat(registered.overdueSince()).isEqualTo(ORIGIN.plusSeconds(5));
		assertThat(registry.find(registered.id()).orElseThrow()).satisfies((snapshot) -> {
			assertThat(snapshot.overdue()).isTrue();
			assertThat(snapshot.state()).isEqualTo(PactState.PENDING);
			assertThat(snapshot.deadline()).isEqualTo(ORIGIN.plusSeconds(5));
		});
		assertThat(pact.isDeadlinePassed()).isTrue();

		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		long pollsAtDeadline = pact.getPollCount();
		for (int second = 6; second <= 10; second++) {
			advanceOneSecondAndAwaitPoll(pact);
		}
		assertThat(pact.getPollCount()).isEqualTo(pollsAtDeadline + 5);
		assertThat(timeouts.get()).isOne();
		assertThat(this.listener.count("deadlinePassed")).isOne();
		assertThat(registry.size()).isOne();
		assertThat(registry.find(registered.id()).orElseThrow().overdue()).isTrue();

		done.set(true);
		advanceOneSecondAndAwaitPoll(pact);

		eventually().until(() -> this.listener.heardEnded(registered.id()));
		assertThat(registry.size()).isZero();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(thens.get()).isOne();
		assertThat(lastlies.get()).isOne();
		assertThat(timeouts.get()).isOne();
		assertThat(this.listener.eventsOf(registered.id())).containsExactly("registered", "pollFailed",
				"deadlinePassed", "ended:FINISHED");
	}

	@Test
	void overduePactIsCancelledAndDroppedAfterTheOverdueRetention() {
		PactRegistry registry = virtualRegistry(Duration.ofSeconds(30));
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("Never done").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build()
			.until(() -> false).onTimeout(timeouts::incrementAndGet).then(thens::incrementAndGet)
			.lastly(lastlies::incrementAndGet);
		RegisteredPact registered = registry.register(pact, "never");
		eventually().until(() -> pact.getPollCount() == 1);
		advanceAndAwaitPoll(pact, Duration.ofSeconds(4));
		advanceOneSecondAndAwaitPoll(pact); // 5 s: overdue
		eventually().until(() -> this.listener.count("deadlinePassed") == 1);

		advanceAndAwaitPoll(pact, Duration.ofSeconds(28)); // at 33 s
		advanceOneSecondAndAwaitPoll(pact); // at 34 s: 29 s overdue
		stays().until(() -> pact.state() == PactState.PENDING && registry.size() == 1);
		assertThat(lastlies.get()).isZero();

		advanceAndAwaitPoll(pact, Duration.ofSeconds(1).plusMillis(1)); // at 35.001 s: 30.001 s overdue

		eventually().until(() -> this.listener.heardEnded(registered.id()));
		assertThat(registry.size()).isZero();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies.get()).isOne();
		assertThat(thens.get()).isZero();
		assertThat(timeouts.get()).isOne();
		assertThat(registry.find(registered.id())).isEmpty();
		assertThat(registry.snapshot()).isEmpty();
		assertThat(this.listener.eventsOf(registered.id())).containsExactly("registered", "deadlinePassed",
				"ended:CANCELLED");
		assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(1)));
	}

	@Test
	void overdueRetentionWakesThreadsAwaitingThePactWithCancellationException() throws Exception {
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.tick(Duration.ofMillis(5)).overdueRetention(Duration.ofMillis(300)).listener(this.listener).build());
		ExecutorService waiters = this.resources.track(Executors.newFixedThreadPool(2,
				(task) -> new Thread(task, "pact-test-waiter")));
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("Never done").timeout(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(20))
			.build().until(() -> false).onTimeout(timeouts::incrementAndGet).lastly(lastlies::incrementAndGet);
		RegisteredPact registered = registry.register(pact);
		CountDownLatch waiting = new CountDownLatch(2);
		List<Future<?>> awaits = List.of(waiters.submit(() -> {
			waiting.countDown();
			pact.await(Duration.ofSeconds(30));
		}), waiters.submit(() -> {
			waiting.countDown();
			pact.await(Duration.ofSeconds(30), Duration.ofSeconds(10));
		}));
		assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

		for (Future<?> await : awaits) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> await.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(CancellationException.class);
		}
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		eventually().until(() -> this.listener.heardEnded(registered.id()));
		assertThat(registry.size()).isZero();
		assertThat(lastlies.get()).isOne();
		assertThat(timeouts.get()).isOne();
		assertThat(this.listener.eventsOf(registered.id())).containsExactly("registered", "deadlinePassed",
				"ended:CANCELLED");
	}

	@Test
	void zeroOverdueRetentionCancelsThePactAtThePollThatFindsItOverdue() {
		PactRegistry registry = virtualRegistry(Duration.ZERO);
		AtomicInteger timeouts = new AtomicInteger();
		Pact pact = Pact.builder("Never done").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build().until(() -> false).onTimeout(timeouts::incrementAndGet);
		registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1);

		advance(Duration.ofSeconds(5));

		eventually().until(() -> timeouts.get() == 1);
		eventually().until(() -> pact.state() == PactState.CANCELLED && registry.size() == 0);
	}

	@Test
	void pactRegisteredAfterItsDeadlineIsOverdueAtItsFirstPoll() {
		PactRegistry registry = virtualRegistry(Duration.ofMinutes(1));
		AtomicInteger timeouts = new AtomicInteger();
		Pact pact = Pact.builder("Late").clock(this.clock).timeout(Duration.ofSeconds(1))
			.pollInterval(Duration.ofSeconds(1)).build().until(() -> false).onTimeout(timeouts::incrementAndGet);
		advance(Duration.ofSeconds(2));

		RegisteredPact registered = registry.register(pact);

		eventually().until(() -> this.listener.count("deadlinePassed") == 1);
		assertThat(timeouts.get()).isOne();
		assertThat(registered.overdueSince()).isEqualTo(ORIGIN.plusSeconds(2));
		assertThat(registry.find(registered.id()).orElseThrow().overdue()).isTrue();
	}

	/**
	 * {@code ended} comes last for one pact; {@code deadlinePassed} is told after the {@code onTimeout}
	 * callbacks ran. An {@code onTimeout} callback that cancels the operation (a natural thing to do)
	 * ends the pact during that poll.
	 */
	@Test
	void timeoutCallbackThatCancelsThePactIsToldBeforeItsEnd() {
		PactRegistry registry = virtualRegistry(Duration.ofMinutes(1));
		Pact pact = Pact.builder("Cancel on timeout").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build().until(() -> false);
		pact.onTimeout(pact::cancel);
		RegisteredPact registered = registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1);

		advance(Duration.ofSeconds(5));

		eventually().until(() -> pact.state() == PactState.CANCELLED && registry.size() == 0);
		eventually().until(() -> this.listener.eventsOf(registered.id()).size() >= 3);
		stays().until(() -> this.listener.eventsOf(registered.id()).size() == 3);
		assertThat(this.listener.eventsOf(registered.id())).as("events of one pact: registered first, ended last")
			.containsExactly("registered", "deadlinePassed", "ended:CANCELLED");
	}

	/**
	 * When the overdue retention cancels a pact whose {@code lastly} callback throws, the failure is told
	 * to {@code pollFailed}; {@code ended} must still come last.
	 */
	@Test
	void lastlyCallbackThatThrowsWhenTheRetentionCancelsThePactIsToldBeforeItsEnd() {
		PactRegistry registry = virtualRegistry(Duration.ofSeconds(10));
		Pact pact = Pact.builder("Throwing lastly").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build().until(() -> false).lastly(() -> {
				throw new IllegalStateException("lastly failed");
			});
		RegisteredPact registered = registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1);
		advance(Duration.ofSeconds(5));
		eventually().until(() -> this.listener.count("deadlinePassed") == 1);

		advance(Duration.ofSeconds(10).plusMillis(1));

		eventually().until(() -> pact.state() == PactState.CANCELLED && registry.size() == 0);
		eventually().until(() -> this.listener.eventsOf(registered.id()).size() >= 4);
		assertThat(this.listener.pollFailures).singleElement().extracting(Throwable::getMessage)
			.isEqualTo("lastly failed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(this.listener.eventsOf(registered.id())).as("events of one pact: registered first, ended last")
			.containsExactly("registered", "deadlinePassed", "pollFailed", "ended:CANCELLED");
		softly.assertThat(this.listener.pactMissing).as("events whose RegisteredPact.pact() was null").isEmpty();
		softly.assertAll();
	}

}
