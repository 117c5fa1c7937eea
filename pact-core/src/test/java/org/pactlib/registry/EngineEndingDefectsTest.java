package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.TimeoutExpiredException;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * Regression tests of the registry's defects of issue 7 around how pacts end: held registrations,
 * cancelling groups whose {@code lastly} throws, {@code Error}s from callbacks, and shutdown. Each test
 * names the behaviour the engine guarantees and the defect it covers; each failed on the engine the issue
 * was filed against.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineEndingDefectsTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private String pollerPrefix;

	/** A registry builder on the system clock, ticking every 10 ms. */
	private PactRegistry.Builder systemRegistry() {
		return PactRegistry.builder(this.resources.scheduler()).tick(Duration.ofMillis(10));
	}

	/** A builder on {@link #clock}, ticking every 5 ms of real time, with poller threads of its own name. */
	private PactRegistry.Builder virtualRegistry() {
		this.pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		return PactRegistry.builder(this.resources.scheduler()).clock(this.clock).tick(Duration.ofMillis(5))
			.threadNamePrefix(this.pollerPrefix);
	}

	private ExecutorService workers() {
		return this.resources.track(Executors.newCachedThreadPool());
	}

	/** An error of the kind a callback should never throw, and sometimes does (an assertion, a linkage error). */
	static final class CallbackError extends Error {

		CallbackError(String message) {
			super(message);
		}

	}

	// ------------------------------------------------------------------------------------------------
	// defect 1: a pact created while registrations are held can be awaited there
	// ------------------------------------------------------------------------------------------------

	/** Defect 1: a factory pact created while this thread's registrations are held can be awaited there. */
	@Test
	void factoryPactCreatedWhileRegistrationsAreHeldCanBeAwaitedThere() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofMillis(20)), true));
		ExecutorService other = workers();
		AtomicBoolean flag = new AtomicBoolean();
		try (HeldRegistrations held = registry.holdRegistrations()) {
			Pact ready = factory.create("Step that is done already", () -> true);
			awaitFinished(ready, "a held pact whose condition holds, awaited on the thread that holds it");

			Pact later = factory.create("Step that another thread completes", flag::get);
			other.execute(() -> flag.set(true));
			awaitFinished(later, "a held pact whose condition another thread makes hold");
		}
		eventually().until(() -> registry.size() == 0);
	}

	private static void awaitFinished(Pact pact, String what) {
		try {
			pact.await(Duration.ofSeconds(5));
		}
		catch (TimeoutExpiredException ex) {
			fail(what + ": await timed out; " + pact + " is " + pact.state() + ", polled " + pact.getPollCount()
					+ " times", ex);
		}
		assertThat(pact.state()).as(what).isEqualTo(PactState.FINISHED);
	}

	// ------------------------------------------------------------------------------------------------
	// defect 3: cancelling a group whose lastly throws cancels its members
	// ------------------------------------------------------------------------------------------------

	/** Pending members that count their {@code lastly} runs, each polled every 10 ms. */
	private static List<Pact> pendingMembers(AtomicIntegerArray lastlies) {
		List<Pact> members = new ArrayList<>();
		for (int i = 0; i < lastlies.length(); i++) {
			int index = i;
			members.add(Pact.builder("Member " + i).pollInterval(Duration.ofMillis(10)).build().until(() -> false)
				.lastly(() -> lastlies.incrementAndGet(index)));
		}
		return members;
	}

	/** Threads awaiting each member, started (and waiting) before this returns. */
	private List<Future<Throwable>> awaiting(List<Pact> members) throws InterruptedException {
		ExecutorService workers = workers();
		CountDownLatch started = new CountDownLatch(members.size());
		List<Future<Throwable>> waiters = new ArrayList<>();
		for (Pact member : members) {
			waiters.add(workers.submit(() -> {
				started.countDown();
				return catchThrowable(() -> member.await(Duration.ofSeconds(30)));
			}));
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).as("waiters started").isTrue();
		return waiters;
	}

	private static void assertEveryMemberCancelled(List<Pact> members, AtomicIntegerArray lastlies,
			List<Future<Throwable>> waiters) throws Exception {
		SoftAssertions softly = new SoftAssertions();
		for (int i = 0; i < members.size(); i++) {
			softly.assertThat(members.get(i).state()).as("state of %s", members.get(i))
				.isEqualTo(PactState.CANCELLED);
			softly.assertThat(lastlies.get(i)).as("lastly runs of %s", members.get(i)).isOne();
		}
		softly.assertAll();
		for (Future<Throwable> waiter : waiters) {
			assertThat(waiter.get(10, TimeUnit.SECONDS)).as("what a thread awaiting a member got")
				.isInstanceOf(CancellationException.class);
		}
	}

	/** Defect 3: {@code registry.cancel(id)} of a group whose lastly throws still cancels every member. */
	@Test
	void cancellingARegisteredGroupWhoseLastlyThrowsStillCancelsEveryMember() throws Exception {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		AtomicIntegerArray lastlies = new AtomicIntegerArray(3);
		List<Pact> members = pendingMembers(lastlies);
		IllegalStateException failure = new IllegalStateException("the group's lastly failed");
		PactGroup group = new PactGroup(members).lastly(() -> {
			throw failure;
		});
		RegisteredPact registered = registry.register(group, "batch");
		eventually().until(() -> group.getPollCount() >= 1);
		List<Future<Throwable>> waiters = awaiting(members);

		Throwable thrown = catchThrowable(() -> registry.cancel(registered.id()));

		if (thrown != null) {
			assertThat(thrown).as("what registry.cancel threw").isSameAs(failure);
		}
		assertThat(group.state()).isEqualTo(PactState.CANCELLED);
		assertEveryMemberCancelled(members, lastlies, waiters);
		eventually().until(() -> registry.size() == 0);
	}

	/** Defect 3: shutdown cancels every member of a registered group whose lastly throws. */
	@Test
	void shutdownCancelsEveryMemberOfARegisteredGroupWhoseLastlyThrows() throws Exception {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		AtomicIntegerArray lastlies = new AtomicIntegerArray(3);
		List<Pact> members = pendingMembers(lastlies);
		PactGroup group = new PactGroup(members).lastly(() -> {
			throw new IllegalStateException("the group's lastly failed");
		});
		registry.register(group, "batch");
		eventually().until(() -> group.getPollCount() >= 1);
		List<Future<Throwable>> waiters = awaiting(members);

		catchThrowable(() -> registry.shutdown(Duration.ZERO));

		assertThat(group.state()).isEqualTo(PactState.CANCELLED);
		assertEveryMemberCancelled(members, lastlies, waiters);
		assertThat(registry.size()).isZero();
	}

	// ------------------------------------------------------------------------------------------------
	// defect 4: an Error from a lastly neither leaks the entry nor stops the shutdown
	// ------------------------------------------------------------------------------------------------

	/** Defect 4: an Error from the lastly of an overdue pact the registry cancels does not leak its entry. */
	@Test
	void errorFromTheLastlyOfACancelledOverduePactStillRemovesItAndFreesItsPlace() {
		PactRegistry registry = this.resources.track(virtualRegistry().overdueRetention(Duration.ZERO).maxPacts(1)
			.build());
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("Overdue").clock(this.clock).timeout(Duration.ofSeconds(1))
			.pollInterval(Duration.ofSeconds(1)).build()
			.until(() -> false)
			.lastly(() -> {
				lastlies.incrementAndGet();
				throw new CallbackError("the lastly of the overdue pact failed");
			});
		registry.register(pact, "overdue");
		eventually().until(() -> pact.getPollCount() == 1);

		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		this.clock.advance(Duration.ofSeconds(1));

		eventually().until(() -> pact.state() == PactState.CANCELLED);
		assertThat(lastlies.get()).isOne();
		eventually().untilAsserted(() -> {
			assertThat(registry.size()).as("registered pacts once the overdue pact was cancelled").isZero();
			assertThat(registry.snapshot()).as("snapshot once the overdue pact was cancelled").isEmpty();
		});
		Pact next = Pact.builder("Next").clock(this.clock).build().until(() -> true);
		assertThatCode(() -> registry.register(next, "next")).as("registering with maxPacts(1) afterwards")
			.doesNotThrowAnyException();
		eventually().until(next::isFinished);
	}

	/** Defect 4: an Error from a lastly at shutdown does not abort it: every pact is cancelled, polling stops. */
	@Test
	void errorFromALastlyAtShutdownDoesNotStopTheShutdown() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		int pacts = 5;
		AtomicIntegerArray lastlies = new AtomicIntegerArray(pacts);
		AtomicIntegerArray polls = new AtomicIntegerArray(pacts);
		List<Pact> pending = new ArrayList<>();
		for (int i = 0; i < pacts; i++) {
			int index = i;
			Pact pact = Pact.builder("Pending " + i).pollInterval(Duration.ofMillis(10)).build()
				.until(() -> polls.incrementAndGet(index) < 0)
				.lastly(() -> {
					lastlies.incrementAndGet(index);
					throw new CallbackError("the lastly of pending " + index + " failed");
				});
			registry.register(pact, "pending");
			pending.add(pact);
		}
		eventually().until(() -> IntStream.range(0, pacts).allMatch((i) -> polls.get(i) >= 2));

		catchThrowable(() -> registry.shutdown(Duration.ZERO));

		SoftAssertions softly = new SoftAssertions();
		for (int i = 0; i < pacts; i++) {
			softly.assertThat(pending.get(i).state()).as("state of %s after shutdown", pending.get(i))
				.isEqualTo(PactState.CANCELLED);
			softly.assertThat(lastlies.get(i)).as("lastly runs of %s", pending.get(i)).isOne();
		}
		softly.assertAll();
		assertThat(registry.size()).isZero();
		int[] pollsAtShutdown = IntStream.range(0, pacts).map(polls::get).toArray();
		RegistryTestResources.stays(Duration.ofMillis(150))
			.until(() -> IntStream.range(0, pacts).allMatch((i) -> polls.get(i) == pollsAtShutdown[i]));
	}

}
