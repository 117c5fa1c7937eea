package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(10)
class AwaitTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<String> events = new ArrayList<>();

	private final AtomicInteger polls = new AtomicInteger();

	/** A pact on the virtual clock whose operation is done {@code seconds} after its creation. */
	private Pact deleting(String path, long seconds) {
		return deleting(Pact.builder("Deleting " + path), seconds);
	}

	private Pact deleting(Pact.Builder builder, long seconds) {
		long done = this.clock.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		return builder.clock(this.clock).build().until(() -> {
			this.polls.incrementAndGet();
			return this.clock.nanoTime() >= done;
		});
	}

	private Pact never(String description) {
		return Pact.builder(description).clock(this.clock).build().until(() -> {
			this.polls.incrementAndGet();
			return false;
		});
	}

	private Runnable record(String event) {
		return () -> this.events.add(event);
	}

	private static Runnable throwing(RuntimeException ex) {
		return () -> {
			throw ex;
		};
	}

	// --- waiting until finished ---

	@Test
	void awaitPollsEveryPollIntervalUntilFinished() {
		Pact pact = deleting("/path", 10);
		pact.await();
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
		// polls at 0, 1, ..., 10 seconds
		assertThat(this.polls).hasValue(11);
	}

	@Test
	void awaitWithoutTimeoutOrDeadlineWaitsAsLongAsItTakes() {
		Pact pact = deleting("/path", 3600);
		pact.await(null);
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void awaitRunsThenAndLastlyOfThePollThatFinishes() {
		Pact pact = deleting("/path1", 10).lastly(record("cleaning up")).then(record("finished"));
		pact.await();
		assertThat(this.events).containsExactly("finished", "cleaning up");
	}

	@Test
	void awaitRunsDuringOnEachPoll() {
		AtomicInteger during = new AtomicInteger();
		deleting("/path", 10).during(during::incrementAndGet).await();
		assertThat(during).hasValue(11);
	}

	@Test
	void awaitWithPollIntervalSleepsThatInterval() {
		Pact pact = deleting("/path", 9);
		pact.await(null, Duration.ofSeconds(3));
		assertThat(this.polls).hasValue(4);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void awaitWithPollIntervalOverridesTheBuildersInterval() {
		Pact pact = deleting(Pact.builder("x").pollInterval(Duration.ofSeconds(5)), 10);
		pact.await(Duration.ofSeconds(20), Duration.ofSeconds(2));
		// polls at 0, 2, ..., 10 seconds
		assertThat(this.polls).hasValue(6);
	}

	@Test
	void finishedPactReturnsAtOnceWhateverItsDeadline() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(5)), 0);
		assertThat(pact.poll()).isTrue();
		this.clock.advance(Duration.ofSeconds(10));
		this.polls.set(0);
		assertThatCode(pact::await).doesNotThrowAnyException();
		assertThatCode(() -> pact.await(Duration.ZERO)).doesNotThrowAnyException();
		assertThatCode(() -> pact.await(Duration.ofSeconds(1), Duration.ofSeconds(1))).doesNotThrowAnyException();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.polls).hasValue(0);
	}

	// --- timeouts and their messages ---

	@Test
	void awaitTimeoutMessageShowsFractionalSeconds() {
		Pact pact = deleting("/path", 10);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofMillis(1500)))
			.withMessage("Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
		assertThat(pact.isFinished()).isFalse();
	}

	@Test
	void awaitTimeoutMessageShowsWholeSecondsOfAPact() {
		Pact pact = deleting("/path", 30);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(10)))
			.withMessage("Timeout of 10 seconds expired waiting for <Pact: Deleting /path>");
	}

	@Test
	void groupTimeoutMessageShowsOnlyThePendingMembers() {
		PactGroup group = deleting("/path1", 10).groupWith(deleting("/huge_directory", 30));
		TimeoutExpiredException ex = catchThrowableOfType(TimeoutExpiredException.class,
				() -> group.await(Duration.ofSeconds(10)));
		assertThat(ex).hasMessage("Timeout of 10 seconds expired waiting for [<Pact: Deleting /huge_directory>]");
		assertThat(ex.getPact()).isSameAs(group);
		assertThat(ex.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void deadlineTimeoutMessageShowsComputedSeconds() {
		Pact pact = deleting(Pact.builder("Deleting /path").timeout(Duration.ofSeconds(8)), 10);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await)
			.withMessage("Timeout of 8.0 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void timeoutExpiredExceptionIsARuntimeExceptionNamingThePact() {
		assertThat(RuntimeException.class).isAssignableFrom(TimeoutExpiredException.class);
		Pact pact = never("x");
		TimeoutExpiredException ex = catchThrowableOfType(TimeoutExpiredException.class,
				() -> pact.await(Duration.ofSeconds(2)));
		assertThat(ex.getPact()).isSameAs(pact);
		assertThat(ex.getTimeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void deadlineElapsesExactlyWhenThePollIntervalDoesNotDivideIt() {
		Pact withDeadline = Pact.builder("y")
			.clock(this.clock)
			.timeout(Duration.ofSeconds(10))
			.pollInterval(Duration.ofSeconds(3))
			.build()
			.until(() -> {
				this.polls.incrementAndGet();
				return false;
			});
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(withDeadline::await);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
		// polls at 0, 3, 6, 9 and 10 seconds
		assertThat(this.polls).hasValue(5);
		assertThat(withDeadline.isFinished()).isFalse();
	}

	@Test
	void awaitTimeoutElapsesExactlyWhenThePollIntervalDoesNotDivideIt() {
		Pact pact = never("x");
		assertThatExceptionOfType(TimeoutExpiredException.class)
			.isThrownBy(() -> pact.await(Duration.ofSeconds(10), Duration.ofSeconds(4)))
			.withMessage("Timeout of 10 seconds expired waiting for <Pact: x>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
		// polls at 0, 4, 8 and 10 seconds
		assertThat(this.polls).hasValue(4);
	}

	@Test
	void operationFinishingExactlyAtTheDeadlineDoesNotTimeOut() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(10)), 10);
		assertThatCode(pact::await).doesNotThrowAnyException();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void awaitPollsOnceWhenNoTimeIsLeft() {
		Pact pact = never("x");
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ZERO))
			.withMessageMatching("Timeout of 0(\\.0)? seconds expired waiting for <Pact: x>");
		assertThat(this.polls).hasValue(1);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void awaitWithZeroTimeoutReturnsWhenItsOnePollFinishesThePact() {
		Pact pact = deleting("x", 0);
		assertThatCode(() -> pact.await(Duration.ZERO)).doesNotThrowAnyException();
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void deadlineCountsFromCreation() {
		Pact pact = deleting(Pact.builder("Deleting /path").timeout(Duration.ofSeconds(8)), 100);
		this.clock.advance(Duration.ofSeconds(3));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await)
			.withMessage("Timeout of 5.0 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void passedDeadlineTimesOutAtOnceAfterOnePoll() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(5)), 100);
		this.clock.advance(Duration.ofSeconds(7));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await)
			.withMessageEndingWith(" seconds expired waiting for <Pact: x>");
		assertThat(this.polls).hasValue(1);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void passedDeadlineStillPollsOnceSoAPactThatIsDoneNowFinishes() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(5)), 6);
		this.clock.advance(Duration.ofSeconds(7));
		assertThatCode(pact::await).doesNotThrowAnyException();
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void awaitTimeoutLongerThanTheDeadlineReplacesIt() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(5)), 8);
		assertThatCode(() -> pact.await(Duration.ofSeconds(10))).doesNotThrowAnyException();
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void awaitTimeoutShorterThanTheDeadlineReplacesIt() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(10)), 8);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(3)))
			.withMessage("Timeout of 3 seconds expired waiting for <Pact: x>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void awaitTimeoutReplacesAPassedDeadline() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(1)), 8);
		this.clock.advance(Duration.ofSeconds(2));
		assertThatCode(() -> pact.await(Duration.ofSeconds(10))).doesNotThrowAnyException();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void awaitWithNullTimeoutUsesTheDeadline() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(4)), 100);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(null))
			.withMessage("Timeout of 4.0 seconds expired waiting for <Pact: x>");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
		Pact other = deleting(Pact.builder("y").timeout(Duration.ofSeconds(4)), 100);
		assertThatExceptionOfType(TimeoutExpiredException.class)
			.isThrownBy(() -> other.await(null, Duration.ofSeconds(3)));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void enormousDeadlineDoesNotOverflow() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(Long.MAX_VALUE)), 5);
		assertThat(pact.poll()).isFalse();
		pact.await();
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void enormousAwaitTimeoutDoesNotOverflow() {
		Pact pact = deleting("x", 5);
		pact.await(Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void enormousPollIntervalIsCutToTheTimeLeft() {
		Pact pact = deleting("x", 5);
		pact.await(Duration.ofSeconds(10), Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void timedOutPactStaysPendingAndCanBeAwaitedAgain() {
		Pact pact = deleting("x", 5);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(2)));
		assertThat(pact.isFinished()).isFalse();
		pact.await(Duration.ofSeconds(10));
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
	}

	// --- onTimeout ---

	@Test
	void onTimeoutCallbacksRunInOrderOnEveryAwaitThatTimesOut() {
		Pact pact = never("x").onTimeout(record("bummer")).onTimeout(record("so what now?"));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(1)));
		assertThat(this.events).containsExactly("bummer", "so what now?");
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ZERO));
		assertThat(this.events).containsExactly("bummer", "so what now?", "bummer", "so what now?");
	}

	@Test
	void onTimeoutCallbacksRunOnTimeoutOfTheDeadline() {
		Pact pact = deleting(Pact.builder("x").timeout(Duration.ofSeconds(2)), 100).onTimeout(record("timeout"));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await);
		assertThat(this.events).containsExactly("timeout", "timeout");
	}

	@Test
	void onTimeoutCallbacksRunAfterTheTimeAndNotWhenAwaitSucceeds() {
		List<Duration> ranAt = new ArrayList<>();
		Pact pact = deleting("x", 3).onTimeout(() -> ranAt.add(this.clock.elapsed()));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(2)));
		assertThat(ranAt).containsExactly(Duration.ofSeconds(2));
		pact.await(Duration.ofSeconds(2));
		assertThat(ranAt).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void onTimeoutFailuresAreSuppressedOnTheTimeoutException() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second");
		Pact pact = never("x").onTimeout(throwing(first)).onTimeout(record("ran")).onTimeout(throwing(second));
		TimeoutExpiredException ex = catchThrowableOfType(TimeoutExpiredException.class,
				() -> pact.await(Duration.ofSeconds(1)));
		assertThat(ex).hasMessage("Timeout of 1 seconds expired waiting for <Pact: x>");
		assertThat(ex.getSuppressed()).containsExactly(first, second);
		assertThat(this.events).containsExactly("ran");
	}

	@Test
	void onTimeoutOfAGroupRunsWhenTheGroupTimesOut() {
		PactGroup group = new PactGroup(List.of(never("x"))).onTimeout(record("group timeout"));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> group.await(Duration.ofSeconds(1)));
		assertThat(this.events).containsExactly("group timeout");
	}

	// --- timeoutException factory ---

	@Test
	void timeoutExceptionFactoryMakesWhatAwaitThrows() {
		List<TimeoutExpiredException> given = new ArrayList<>();
		Pact pact = Pact.builder("Deleting /path").clock(this.clock).timeoutException(tee -> {
			given.add(tee);
			return new IllegalStateException("custom", tee);
		}).build().until(() -> false);
		IllegalStateException ex = catchThrowableOfType(IllegalStateException.class,
				() -> pact.await(Duration.ofMillis(1500)));
		assertThat(ex).hasMessage("custom");
		assertThat(given).hasSize(1);
		assertThat(ex.getCause()).isSameAs(given.get(0))
			.hasMessage("Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>");
	}

	@Test
	void timeoutExceptionFactoryGetsTheOnTimeoutFailuresOnWhatItMakes() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second");
		Pact pact = Pact.builder("x")
			.clock(this.clock)
			.timeoutException(tee -> new UnsupportedOperationException("custom"))
			.build()
			.until(() -> false)
			.onTimeout(throwing(first))
			.onTimeout(throwing(second));
		UnsupportedOperationException ex = catchThrowableOfType(UnsupportedOperationException.class,
				() -> pact.await(Duration.ZERO));
		assertThat(ex).hasMessage("custom");
		assertThat(ex.getSuppressed()).containsExactly(first, second);
	}

	@Test
	void timeoutExceptionFactoryIsNotUsedWhenAwaitSucceedsOrFails() {
		AtomicInteger made = new AtomicInteger();
		IllegalStateException failure = new IllegalStateException("condition");
		Pact pact = Pact.builder("x").clock(this.clock).timeoutException(tee -> {
			made.incrementAndGet();
			return tee;
		}).build().until(() -> {
			throw failure;
		});
		assertThatThrownBy(() -> pact.await(Duration.ZERO)).isSameAs(failure);
		assertThat(made).hasValue(0);
	}

	@Test
	void groupUsesTheTimeoutExceptionFactoryOfItsFirstPendingMember() {
		Pact first = Pact.builder("first")
			.clock(this.clock)
			.timeoutException(tee -> new IllegalStateException("first: " + tee.getMessage()))
			.build()
			.until(() -> this.clock.nanoTime() >= Duration.ofSeconds(2).toNanos());
		Pact second = Pact.builder("second")
			.clock(this.clock)
			.timeoutException(tee -> new UnsupportedOperationException("second: " + tee.getMessage(), tee))
			.build()
			.until(() -> false);
		PactGroup group = first.groupWith(second);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> group.await(Duration.ofSeconds(1)))
			.withMessage("first: Timeout of 1 seconds expired waiting for [<Pact: first>, <Pact: second>]");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> group.await(Duration.ofSeconds(2)))
			.withMessage("second: Timeout of 2 seconds expired waiting for [<Pact: second>]")
			.withCauseInstanceOf(TimeoutExpiredException.class);
		assertThat(first.isFinished()).isTrue();
	}

	@Test
	void groupWhoseFirstPendingMemberHasNoFactoryThrowsTimeoutExpiredException() {
		Pact plain = never("plain");
		Pact custom = Pact.builder("custom")
			.clock(this.clock)
			.timeoutException(tee -> new IllegalStateException("custom"))
			.build()
			.until(() -> false);
		PactGroup group = new PactGroup(List.of(plain, custom));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> group.await(Duration.ZERO));
	}

	@Test
	void groupUsesTheFactoryOfANestedGroupsFirstPendingMember() {
		Pact custom = Pact.builder("custom")
			.clock(this.clock)
			.timeoutException(tee -> new IllegalStateException("custom"))
			.build()
			.until(() -> false);
		PactGroup group = new PactGroup(List.of(new PactGroup(List.of(custom)), never("plain")));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> group.await(Duration.ZERO))
			.withMessage("custom");
	}

	// --- group deadlines ---

	@Test
	void groupDeadlineCountsFromItsCreationOnItsOwnClock() {
		VirtualClock membersClock = new VirtualClock();
		PactGroup group = PactGroup.builder().clock(this.clock).timeout(Duration.ofSeconds(5)).build();
		this.clock.advance(Duration.ofSeconds(2));
		group.add(Pact.builder("x").clock(membersClock).build().until(() -> false));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(group::await)
			.withMessage("Timeout of 3.0 seconds expired waiting for [<Pact: x>]");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
		assertThat(membersClock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void finishedGroupReturnsAtOnceWhateverItsDeadline() {
		PactGroup group = PactGroup.builder().clock(this.clock).timeout(Duration.ofSeconds(1)).build();
		group.add(deleting("x", 0));
		assertThat(group.poll()).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		assertThatCode(group::await).doesNotThrowAnyException();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
	}

	// --- interruption ---

	@Test
	void interruptedAwaitThrowsAnUncheckedExceptionNamingThePactAndKeepsTheFlag() {
		Pact pact = never("Deleting /path");
		Thread.currentThread().interrupt();
		try {
			assertThatThrownBy(pact::await).isInstanceOf(RuntimeException.class)
				.isNotInstanceOf(TimeoutExpiredException.class)
				.hasMessageContaining("<Pact: Deleting /path>");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(pact.isFinished()).isFalse();
	}

	// --- bad input ---

	@Test
	void negativeAwaitTimeoutIsIllegalArgumentNamingIt() {
		Pact pact = never("x");
		assertThatIllegalArgumentException().isThrownBy(() -> pact.await(Duration.ofSeconds(-1)))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> pact.await(Duration.ofNanos(-1), Duration.ofSeconds(1)))
			.withMessageContaining("timeout");
		assertThat(this.polls).hasValue(0);
	}

	@Test
	void nonPositiveAwaitPollIntervalIsIllegalArgumentNamingIt() {
		Pact pact = never("x");
		assertThatIllegalArgumentException().isThrownBy(() -> pact.await(Duration.ofSeconds(1), Duration.ZERO))
			.withMessageContaining("pollInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> pact.await(null, Duration.ofSeconds(-1)))
			.withMessageContaining("pollInterval");
		assertThat(this.polls).hasValue(0);
	}

	@Test
	void nullAwaitPollIntervalIsNullPointerException() {
		Pact pact = never("x");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> pact.await(Duration.ZERO, null));
		assertThat(this.polls).hasValue(0);
	}

}
