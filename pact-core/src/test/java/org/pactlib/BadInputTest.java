package org.pactlib;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input is refused at the call, with an exception that names what was wrong and what is allowed,
 * and leaves nothing changed: descriptions (null, blank, huge), durations (negative or zero where a
 * positive one is needed), backoff factors (NaN, infinite, below 1), pacts registered twice or after
 * they ended, members added to ended groups, groups absorbed, and cycles of groups at any depth. What
 * the API accepts on purpose (a zero timeout, absurdly long durations) is accepted and behaves.
 */
class BadInputTest {

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private static final PactRegistry registry = PactRegistry.builder(scheduler).backgroundPolling(false).build();

	@AfterAll
	static void stop() {
		registry.shutdown(Duration.ZERO);
		scheduler.shutdownNow();
	}

	private static Pact pending(String description) {
		return new Pact(description).until(() -> false);
	}

	private static PactGroup ended() {
		PactGroup group = new PactGroup();
		group.poll();
		return group;
	}

	static Stream<Arguments> badInput() {
		Duration negative = Duration.ofNanos(-1);
		PactGroup outer = new PactGroup();
		PactGroup middle = new PactGroup();
		PactGroup inner = new PactGroup(List.of(pending("deep")));
		outer.add(middle);
		middle.add(inner);
		Pact registered = pending("registered");
		registry.register(registered);
		Pact finished = new Pact("finished");
		finished.poll();
		Pact cancelled = pending("cancelled");
		cancelled.cancel();
		Pact member = pending("member");
		PactGroup holder = new PactGroup(List.of(member));
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true));
		return Stream.of(
				arguments("null description", call(() -> new Pact(null)), NullPointerException.class, "description"),
				arguments("null description, builder", call(() -> Pact.builder(null)), NullPointerException.class,
						"description"),
				arguments("empty description", call(() -> new Pact("")), IllegalArgumentException.class,
						"description must not be blank"),
				arguments("blank description", call(() -> Pact.builder(" \t\n")), IllegalArgumentException.class,
						"description must not be blank"),
				arguments("huge description", call(() -> new Pact("x".repeat(Pact.MAX_DESCRIPTION_LENGTH + 1))),
						IllegalArgumentException.class, "description must be at most 10000 characters, but was 10001"),
				arguments("blank description, factory", call(() -> factory.builder("")), IllegalArgumentException.class,
						"description must not be blank"),
				arguments("huge description, factory", call(() -> factory.create("y".repeat(1_000_000))),
						IllegalArgumentException.class, "at most 10000 characters, but was 1000000"),
				arguments("negative timeout", call(() -> new Pact("p", negative)), IllegalArgumentException.class,
						"timeout must be zero or positive, but was PT-0.000000001S"),
				arguments("negative timeout, group", call(() -> PactGroup.builder().timeout(negative)),
						IllegalArgumentException.class, "timeout must be zero or positive"),
				arguments("zero poll interval", call(() -> Pact.builder("p").pollInterval(Duration.ZERO)),
						IllegalArgumentException.class, "pollInterval must be positive, but was PT0S"),
				arguments("negative poll interval", call(() -> PactGroup.builder().pollInterval(negative)),
						IllegalArgumentException.class, "pollInterval must be positive"),
				arguments("negative await timeout", call(() -> pending("p").await(negative)),
						IllegalArgumentException.class, "must be zero or positive"),
				arguments("zero await poll interval", call(() -> pending("p").await(Duration.ofSeconds(1), Duration.ZERO)),
						IllegalArgumentException.class, "pollInterval must be positive"),
				arguments("zero fixed backoff", call(() -> Backoff.fixed(Duration.ZERO)), IllegalArgumentException.class,
						"interval must be positive"),
				arguments("zero initial backoff", call(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 2)),
						IllegalArgumentException.class, "initial must be positive"),
				arguments("backoff max below initial",
						call(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 2)),
						IllegalArgumentException.class, "max must be at least initial (PT2S), but was PT1S"),
				arguments("negative backoff max",
						call(() -> Backoff.exponential(Duration.ofSeconds(1), negative, 2)),
						IllegalArgumentException.class, "max must be at least initial"),
				arguments("NaN backoff multiplier",
						call(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), Double.NaN)),
						IllegalArgumentException.class, "multiplier must be a finite number of at least 1, but was NaN"),
				arguments("infinite backoff multiplier",
						call(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8),
								Double.POSITIVE_INFINITY)),
						IllegalArgumentException.class, "multiplier must be a finite number of at least 1, but was Infinity"),
				arguments("backoff multiplier below 1",
						call(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5)),
						IllegalArgumentException.class, "at least 1, but was 0.5"),
				arguments("NaN jitter", call(() -> Backoff.fixed(Duration.ofSeconds(1)).withJitter(Double.NaN)),
						IllegalArgumentException.class, "jitter fraction must be between 0 and 1, but was NaN"),
				arguments("jitter above 1", call(() -> Backoff.fixed(Duration.ofSeconds(1)).withJitter(1.5)),
						IllegalArgumentException.class, "between 0 and 1, but was 1.5"),
				arguments("registering twice", call(() -> registry.register(registered)), IllegalStateException.class,
						"already polled in the background"),
				arguments("registering a finished pact", call(() -> registry.register(finished)),
						IllegalArgumentException.class, "it has already ended (FINISHED)"),
				arguments("registering a cancelled pact", call(() -> registry.register(cancelled)),
						IllegalArgumentException.class, "it has already ended (CANCELLED)"),
				arguments("blank registry name", call(() -> registry.register(pending("p"), " ")),
						IllegalArgumentException.class, "name must not be blank"),
				arguments("adding to an ended group", call(() -> ended().add(pending("late"))),
						IllegalStateException.class, "the group has already ended (FINISHED)"),
				arguments("absorbing into an ended group", call(() -> ended().add(pending("late"), true)),
						IllegalStateException.class, "the group has already ended"),
				arguments("absorbing a group", call(() -> new PactGroup().add(new PactGroup(), true)),
						UnsupportedOperationException.class, "only pacts can be absorbed"),
				arguments("adding a member twice", call(() -> holder.add(member)), IllegalArgumentException.class,
						"already a member of this group"),
				arguments("a group into itself", call(() -> outer.add(outer)), IllegalArgumentException.class,
						"a group cannot contain itself"),
				arguments("a group into its own member", call(() -> middle.add(outer)), IllegalArgumentException.class,
						"a group cannot contain itself, directly or through its members"),
				arguments("a group into its member's member", call(() -> inner.add(outer)),
						IllegalArgumentException.class, "a group cannot contain itself"),
				arguments("until on an ended pact", call(() -> finished.until(() -> true)), IllegalStateException.class,
						"it has already ended (FINISHED)"),
				arguments("null condition", call(() -> pending("p").until(null)), NullPointerException.class,
						"condition"),
				arguments("null callback", call(() -> pending("p").then(null)), NullPointerException.class, "callback"));
	}

	private static ThrowingCallable call(ThrowingCallable callable) {
		return callable;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInput")
	void badInputIsRefusedAtTheCallNamingWhatWasWrongAndWhatIsAllowed(String what, ThrowingCallable call,
			Class<? extends Throwable> type, String message) {
		int registered = registry.size();
		assertThatThrownBy(call).as(what).isInstanceOf(type).hasMessageContaining(message);
		assertThat(registry.size()).as("registered pacts").isEqualTo(registered);
	}

	@Test
	void refusedMembersAndCyclesLeaveTheGroupsAsTheyWere() {
		PactGroup outer = new PactGroup();
		PactGroup inner = new PactGroup(List.of(pending("deep")));
		outer.add(inner);
		assertThatThrownBy(() -> inner.add(outer)).isInstanceOf(IllegalArgumentException.class);
		assertThat(inner.size()).isOne();
		assertThat(outer.size()).isOne();
		PactGroup done = ended();
		Pact late = pending("late").then(() -> {
		});
		assertThatThrownBy(() -> done.add(late, true)).isInstanceOf(IllegalStateException.class);
		assertThat(done.size()).isZero();
		assertThat(late.state()).isEqualTo(PactState.PENDING);
	}

	@Test
	void aZeroTimeoutIsADeadlineThatHasPassedAlready() {
		Pact pact = Pact.builder("zero").timeout(Duration.ZERO).clock(new VirtualClock()).build().until(() -> false);

		assertThatThrownBy(pact::await).isInstanceOf(TimeoutExpiredException.class)
			.hasMessage("Timeout of 0.0 seconds expired waiting for <Pact: zero>");
		assertThat(pact.getPollCount()).as("polled once anyway").isOne();
	}

	@Test
	void absurdlyLongDurationsSaturateInsteadOfOverflowing() {
		Duration forever = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
		VirtualClock clock = new VirtualClock();
		Pact pact = Pact.builder("forever").clock(clock).timeout(forever).pollInterval(forever)
			.backoff(Backoff.exponential(Duration.ofDays(365_000), forever, Double.MAX_VALUE))
			.build().until(() -> false);
		PactRegistry virtual = PactRegistry.builder(scheduler).clock(clock).backgroundPolling(false).build();
		try {
			virtual.register(pact);
			assertThat(virtual.pollDue()).isOne();
			clock.advance(Duration.ofDays(36_500));
			virtual.pollDue();
			assertThat(pact.isDeadlinePassed()).isFalse();
			assertThat(pact.getDeadline()).isEqualTo(java.time.Instant.MAX);
			assertThat(pact.getBackoff().delayNanos(1_000)).isEqualTo(Long.MAX_VALUE);
			assertThatCode(() -> pact.await(Duration.ZERO)).isInstanceOf(TimeoutExpiredException.class);
		}
		finally {
			virtual.shutdown(Duration.ZERO);
		}
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void anExceptionThrownAgainAndAgainKeepsABoundedNumberOfSuppressedOnes() {
		IllegalStateException constant = new IllegalStateException("always the same");
		Pact pact = new Pact("constant failure").during(() -> {
			throw new IllegalArgumentException("during");
		}).until(() -> {
			throw constant;
		});
		for (int i = 0; i < 1_000; i++) {
			assertThatThrownBy(pact::poll).isSameAs(constant);
		}
		assertThat(constant.getSuppressed()).hasSize(UserCode.MAX_SUPPRESSED);
	}

}
