package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.CapturedLog;
import org.pactlib.Pact;
import org.pactlib.PactState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of user code under a registry that polls on real poller threads: a condition that blocks (for
 * what would be a minute: a latch released at the end), one that throws on every poll, one that throws
 * an {@code Error}; a {@code then} that throws, one that blocks, callbacks that throw {@code Error}s;
 * and a listener that throws on every event. Meanwhile every other pact is driven on time (its
 * condition seen true, its deadline passed, its overdue drop, each within a generous bound of real
 * time), each fault is logged with the pact's name and id but never more than the rate limit allows
 * however often it recurs, every fault reaches the listeners, and no pact is lost: each ends once, and
 * the registry ends empty.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryFaultsTest {

	private static final int ON_TIME_PACTS = 200;

	private static final int DEADLINE_PACTS = 20;

	/** How late a pact may be driven, against a typical 10-50 ms: generous, and far below a hung poller. */
	private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	@RegisterExtension
	final CapturedLog log = new CapturedLog();

	/** Counts every event by pact id, and faults by pact id and kind. */
	static final class Events implements PactRegistryListener {

		final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		int count(String id, String event) {
			AtomicInteger count = this.counts.get(id + " " + event);
			return (count != null) ? count.get() : 0;
		}

		int total(String event) {
			return this.counts.entrySet().stream().filter((entry) -> entry.getKey().endsWith(" " + event))
				.mapToInt((entry) -> entry.getValue().get()).sum();
		}

		private void add(RegisteredPact pact, String event) {
			this.counts.computeIfAbsent(pact.id() + " " + event, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@Override
		public void registered(RegisteredPact pact) {
			add(pact, "registered");
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			add(pact, "ended");
		}

		@Override
		public void faulted(RegisteredPact pact, PactFault fault, Throwable thrown) {
			add(pact, fault.name());
		}

	}

	/** Throws on every event, faults included. */
	static final class ThrowingListener implements PactRegistryListener {

		final AtomicInteger calls = new AtomicInteger();

		private void fail() {
			this.calls.incrementAndGet();
			throw new IllegalStateException("listener failure " + this.calls.get());
		}

		@Override
		public void registered(RegisteredPact pact) {
			fail();
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			fail();
		}

		@Override
		public void deadlinePassed(RegisteredPact pact) {
			fail();
		}

		@Override
		public void pollFailed(RegisteredPact pact, Throwable failure) {
			fail();
		}

		@Override
		public void faulted(RegisteredPact pact, PactFault fault, Throwable thrown) {
			fail();
		}

		@Override
		public String toString() {
			return "ThrowingListener";
		}

	}

	private static boolean blockOn(CountDownLatch latch) {
		try {
			return latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Pact pact(String description) {
		return Pact.builder(description).pollInterval(Duration.ofMillis(10)).build();
	}

	@Test
	void everyOtherPactIsDrivenOnTimeAndEveryFaultIsLoggedWithinItsLimitCountedAndLosesNothing() {
		Events events = new Events();
		ThrowingListener throwing = new ThrowingListener();
		String prefix = PactRegistryTest.uniquePollerPrefix();
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.tick(Duration.ofMillis(10)).slowPollThreshold(Duration.ofMillis(100)).overdueRetention(Duration.ofMillis(200))
			.threadNamePrefix(prefix).listener(events).listener(throwing).build());
		CountDownLatch releaseCondition = this.resources.latch();
		CountDownLatch releaseThen = this.resources.latch();
		AtomicInteger lastlies = new AtomicInteger();

		Pact hangingCondition = pact("hangs in its condition").until(() -> blockOn(releaseCondition))
			.lastly(lastlies::incrementAndGet);
		Pact throwingCondition = pact("throws on every poll").until(() -> {
			throw new IllegalStateException("remote API down");
		}).lastly(lastlies::incrementAndGet);
		Pact erringCondition = pact("throws an Error on every poll").until(() -> {
			throw new StackOverflowError("simulated deep recursion");
		}).lastly(lastlies::incrementAndGet);
		Pact throwingThen = pact("then throws").until(() -> true).then(() -> {
			throw new IllegalArgumentException("then failed");
		}).lastly(lastlies::incrementAndGet);
		Pact hangingThen = pact("then hangs").until(() -> true).then(() -> blockOn(releaseThen))
			.lastly(lastlies::incrementAndGet);
		Pact erringCallbacks = pact("callbacks throw Errors").until(() -> true).then(() -> {
			throw new AssertionError("then asserted");
		}).lastly(() -> {
			lastlies.incrementAndGet();
			throw new EngineEndingDefectsTest.CallbackError("lastly erred");
		});
		String hangingConditionId = registry.register(hangingCondition, "fault.hanging-condition").id();
		String throwingConditionId = registry.register(throwingCondition, "fault.throwing-condition").id();
		String erringConditionId = registry.register(erringCondition, "fault.condition-error").id();
		String throwingThenId = registry.register(throwingThen, "fault.throwing-then").id();
		String hangingThenId = registry.register(hangingThen, "fault.hanging-then").id();
		String erringCallbacksId = registry.register(erringCallbacks, "fault.callback-error").id();

		// pacts that must be driven on time meanwhile: conditions that come true at random moments
		long start = System.nanoTime();
		AtomicLongArray dueAt = new AtomicLongArray(ON_TIME_PACTS);
		AtomicLongArray finishedAt = new AtomicLongArray(ON_TIME_PACTS);
		AtomicIntegerArray thens = new AtomicIntegerArray(ON_TIME_PACTS);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < ON_TIME_PACTS; i++) {
			int index = i;
			long due = start + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(50, 1500));
			dueAt.set(i, due);
			BooleanSupplier isDue = () -> System.nanoTime() - due >= 0;
			ids.add(registry.register(pact("on time " + i).until(isDue).then(() -> {
				finishedAt.compareAndSet(index, 0, System.nanoTime());
				thens.incrementAndGet(index);
			}), "normal").id());
		}
		// and deadlines that must pass on time, then overdue pacts dropped on time
		AtomicLongArray timedOutAt = new AtomicLongArray(DEADLINE_PACTS);
		AtomicIntegerArray onTimeouts = new AtomicIntegerArray(DEADLINE_PACTS);
		AtomicIntegerArray dropLastlies = new AtomicIntegerArray(DEADLINE_PACTS);
		List<Pact> overdue = new ArrayList<>();
		long deadlinesCreated = System.nanoTime();
		for (int i = 0; i < DEADLINE_PACTS; i++) {
			int index = i;
			Pact pact = Pact.builder("overdue " + i).timeout(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(10))
				.build().until(() -> false).onTimeout(() -> {
					timedOutAt.compareAndSet(index, 0, System.nanoTime());
					onTimeouts.incrementAndGet(index);
				}).lastly(() -> dropLastlies.incrementAndGet(index));
			overdue.add(pact);
			ids.add(registry.register(pact, "normal.deadline").id());
		}

		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
			.until(() -> countFinished(thens) == ON_TIME_PACTS
					&& overdue.stream().allMatch((pact) -> pact.state() == PactState.CANCELLED));
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
			.until(() -> events.count(hangingConditionId, "SLOW_POLL") == 1 && events.count(hangingThenId, "SLOW_POLL") == 1
					&& events.count(throwingConditionId, "CONDITION") > 30);

		SoftAssertions softly = new SoftAssertions();
		for (int i = 0; i < ON_TIME_PACTS; i++) {
			long late = finishedAt.get(i) - dueAt.get(i);
			softly.assertThat(thens.get(i)).as("then of on-time pact %d", i).isOne();
			softly.assertThat(late).as("on-time pact %d finished %d ms after it was due", i,
					TimeUnit.NANOSECONDS.toMillis(late)).isLessThan(LATE_NANOS);
		}
		for (int i = 0; i < DEADLINE_PACTS; i++) {
			long sinceCreation = timedOutAt.get(i) - deadlinesCreated;
			softly.assertThat(onTimeouts.get(i)).as("onTimeout of overdue pact %d", i).isOne();
			softly.assertThat(sinceCreation).as("deadline of overdue pact %d passed after %d ms", i,
					TimeUnit.NANOSECONDS.toMillis(sinceCreation))
				.isBetween(TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(300) + LATE_NANOS);
			softly.assertThat(dropLastlies.get(i)).as("lastly of dropped pact %d", i).isOne();
		}
		// the faults: each reached the listeners, each kind and name was logged within its limit
		softly.assertThat(events.count(throwingThenId, "CALLBACK")).as("then that throws").isOne();
		softly.assertThat(events.count(erringCallbacksId, "CALLBACK")).as("then and lastly that throw Errors, one poll")
			.isOne();
		softly.assertThat(events.count(erringConditionId, "CONDITION")).as("condition that throws an Error").isPositive();
		softly.assertThat(events.total("LISTENER")).as("listener faults").isGreaterThan(ON_TIME_PACTS);
		softly.assertThat(throwingThen.state()).isEqualTo(PactState.FINISHED);
		softly.assertThat(erringCallbacks.state()).isEqualTo(PactState.FINISHED);
		softly.assertThat(lastlies.get()).as("lastly callbacks of the ended faulty pacts").isEqualTo(2);
		String[][] logged = { { throwingConditionId, "fault.throwing-condition", "stays pending: its poll threw" },
				{ erringConditionId, "fault.condition-error", "stays pending: its poll threw" },
				{ throwingThenId, "fault.throwing-then", "ended, and a callback threw" },
				{ erringCallbacksId, "fault.callback-error", "ended, and a callback threw" },
				{ hangingConditionId, "fault.hanging-condition", "has held the poller thread " + prefix },
				{ hangingThenId, "fault.hanging-then", "has held the poller thread " + prefix } };
		for (String[] pact : logged) {
			softly.assertThat(this.log.warningsContaining("Pact " + pact[0] + " (" + pact[1] + ") " + pact[2]))
				.as("log lines of %s", pact[1]).isNotEmpty().hasSizeLessThanOrEqualTo(10);
		}
		softly.assertThat(this.log.warningsContaining("(fault.throwing-condition) stays pending"))
			.as("lines of a condition that threw %d times", events.count(throwingConditionId, "CONDITION"))
			.hasSizeLessThanOrEqualTo(10);
		softly.assertThat(this.log.warningsContaining("(normal) was reported to the registry listener ThrowingListener"))
			.as("lines of a listener that threw %d times", throwing.calls.get()).isNotEmpty().hasSizeLessThanOrEqualTo(10);
		softly.assertThat(this.log.warnings()).as("every warning").hasSizeLessThan(100);

		// no pact is lost: the hung ones end once released, the throwing ones when cancelled
		softly.assertThat(registry.size()).as("pending: the two hanging, the two throwing").isEqualTo(4);
		releaseCondition.countDown();
		releaseThen.countDown();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> registry.size() == 2);
		softly.assertThat(registry.cancel(throwingConditionId)).isTrue();
		softly.assertThat(registry.cancel(erringConditionId)).isTrue();
		softly.assertThat(hangingCondition.state()).isEqualTo(PactState.FINISHED);
		softly.assertThat(hangingThen.state()).isEqualTo(PactState.FINISHED);
		softly.assertThat(lastlies.get()).as("lastly callbacks of every faulty pact").isEqualTo(6);
		softly.assertThat(registry.size()).isZero();
		ids.addAll(List.of(hangingConditionId, throwingConditionId, erringConditionId, throwingThenId, hangingThenId,
				erringCallbacksId));
		for (String id : ids) {
			softly.assertThat(events.count(id, "registered")).as("registered events of pact %s", id).isOne();
			softly.assertThat(events.count(id, "ended")).as("ended events of pact %s", id).isOne();
		}
		softly.assertAll();
	}

	private static int countFinished(AtomicIntegerArray thens) {
		int finished = 0;
		for (int i = 0; i < thens.length(); i++) {
			finished += (thens.get(i) > 0) ? 1 : 0;
		}
		return finished;
	}

}
