package org.pactlib;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class PactTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<String> events = new ArrayList<>();

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	/** A condition that records its evaluation and holds from its {@code holdsFromCall}-th call on. */
	private BooleanSupplier condition(String name, int holdsFromCall) {
		AtomicInteger calls = new AtomicInteger();
		return () -> {
			this.events.add(name);
			return calls.incrementAndGet() >= holdsFromCall;
		};
	}

	private Runnable record(String event) {
		return () -> this.events.add(event);
	}

	private static Runnable throwing(RuntimeException ex) {
		return () -> {
			throw ex;
		};
	}

	private long count(String event) {
		return this.events.stream().filter(event::equals).count();
	}

	// --- types, constructors and builder ---

	@Test
	void pactBaseIsTheAbstractSupertypeOfPactAndPactGroup() {
		assertThat(Modifier.isAbstract(PactBase.class.getModifiers())).isTrue();
		assertThat(Modifier.isPublic(PactBase.class.getModifiers())).isTrue();
		assertThat(PactBase.class).isAssignableFrom(Pact.class).isAssignableFrom(PactGroup.class);
	}

	@Test
	void toStringShowsTheDescription() {
		assertThat(new Pact("Deleting /path")).hasToString("<Pact: Deleting /path>");
		assertThat(Pact.builder("Copying /a").build()).hasToString("<Pact: Copying /a>");
	}

	@Test
	void constructorWithDescriptionOnlyHasNoDeadlineAndUsesTheSystemClock() {
		Pact pact = new Pact("x");
		assertThat(pact.getTimeout()).isNull();
		assertThat(pact.clock()).isSameAs(PactClock.system());
		assertThat(pact.isLazy()).isTrue();
	}

	@Test
	void constructorWithTimeoutSetsTheDeadline() {
		assertThat(new Pact("x", Duration.ofSeconds(8)).getTimeout()).isEqualTo(Duration.ofSeconds(8));
		assertThat(new Pact("x", Duration.ofSeconds(8)).clock()).isSameAs(PactClock.system());
	}

	@Test
	void constructorWithZeroTimeoutTimesOutAtOnceOnTheSystemClock() {
		Pact pact = new Pact("Deleting /path", Duration.ZERO).until(() -> false);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await)
			.withMessageEndingWith("expired waiting for <Pact: Deleting /path>");
	}

	@Test
	void nullTimeoutMeansNoDeadlineInConstructorAndBuilder() {
		assertThat(new Pact("x", null).getTimeout()).isNull();
		assertThat(Pact.builder("x").timeout(Duration.ofSeconds(1)).timeout(null).build().getTimeout()).isNull();
	}

	@Test
	void builderDefaultsAreLazyNoDeadlineSystemClockAndOneSecondPollInterval() {
		Pact pact = Pact.builder("x").build();
		assertThat(pact.isLazy()).isTrue();
		assertThat(pact.getTimeout()).isNull();
		assertThat(pact.clock()).isSameAs(PactClock.system());
		assertThat(pact.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(pact.getDescription()).isEqualTo("x");
	}

	@Test
	void builderAppliesEveryOption() {
		Pact pact = Pact.builder("x")
			.timeout(Duration.ofSeconds(3))
			.lazy(false)
			.clock(this.clock)
			.pollInterval(Duration.ofMillis(250))
			.timeoutException(IllegalStateException::new)
			.build();
		assertThat(pact.getTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(pact.isLazy()).isFalse();
		assertThat(pact.clock()).isSameAs(this.clock);
		assertThat(pact.getPollInterval()).isEqualTo(Duration.ofMillis(250));
		pact.until(() -> false);
		assertThatIllegalStateException().isThrownBy(pact::await).withCauseInstanceOf(TimeoutExpiredException.class);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void builderPollIntervalIsTheSleepOfAwait() {
		AtomicInteger polls = new AtomicInteger();
		Pact pact = Pact.builder("x").clock(this.clock).pollInterval(Duration.ofSeconds(2)).build()
			.until(() -> {
				polls.incrementAndGet();
				return false;
			});
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(10)));
		// polls at 0, 2, 4, 6, 8 and 10 seconds
		assertThat(polls).hasValue(6);
	}

	@Test
	void builderBuildsANewPendingPactEachTime() {
		Pact.Builder builder = Pact.builder("x").clock(this.clock);
		Pact first = builder.build();
		Pact second = builder.build();
		assertThat(first).isNotSameAs(second);
		assertThat(first.poll()).isTrue();
		assertThat(second.isFinished()).isFalse();
	}

	// --- chaining ---

	@Test
	void untilThenLastlyDuringOnTimeoutReturnThePactItself() throws NoSuchMethodException {
		Pact pact = pact("x");
		Runnable nothing = () -> {
		};
		Pact chained = pact.until(() -> true).then(nothing).lastly(nothing).during(nothing).onTimeout(nothing);
		assertThat(chained).isSameAs(pact);
		for (String name : List.of("then", "lastly", "during", "onTimeout")) {
			assertThat(Pact.class.getMethod(name, Runnable.class).getReturnType()).as(name).isEqualTo(Pact.class);
		}
		assertThat(Pact.class.getMethod("until", BooleanSupplier.class).getReturnType()).isEqualTo(Pact.class);
	}

	// --- finishing and conditions ---

	@Test
	void pactWithoutConditionFinishesAtItsFirstPoll() {
		Pact pact = pact("x");
		assertThat(pact.isFinished()).isFalse();
		assertThat(pact.poll()).isTrue();
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void pactFinishesOnlyOnceAllItsConditionsHeld() {
		Pact pact = pact("x").until(condition("a", 1)).until(condition("b", 3));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.poll()).isFalse();
		assertThat(pact.isFinished()).isFalse();
		assertThat(pact.poll()).isTrue();
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void conditionThatHeldOnceIsNeverCalledAgain() {
		Pact pact = pact("x").until(condition("a", 1)).until(condition("b", 4));
		pact.poll();
		pact.poll();
		pact.poll();
		pact.poll();
		assertThat(pact.isFinished()).isTrue();
		assertThat(count("a")).isEqualTo(1);
		assertThat(count("b")).isEqualTo(4);
	}

	@Test
	void conditionThatHeldIsNotCalledAgainEvenIfItWouldNowBeFalse() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = pact("x").until(() -> calls.incrementAndGet() == 1).until(condition("b", 2));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.poll()).isTrue();
		assertThat(calls).hasValue(1);
	}

	@Test
	void lazyPactStopsAtTheFirstConditionThatDoesNotHold() {
		Pact pact = pact("x").until(condition("a", 3)).until(condition("b", 1));
		pact.poll();
		pact.poll();
		assertThat(this.events).containsExactly("a", "a");
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "a", "a", "b");
	}

	@Test
	void eagerPactEvaluatesEveryConditionThatHasNotHeldYet() {
		Pact pact = Pact.builder("x").clock(this.clock).lazy(false).build()
			.until(condition("a", 3))
			.until(condition("b", 2))
			.until(condition("c", 1));
		pact.poll();
		assertThat(this.events).containsExactly("a", "b", "c");
		pact.poll();
		assertThat(this.events).containsExactly("a", "b", "c", "a", "b");
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "b", "c", "a", "b", "a");
	}

	@Test
	void isFinishedNeverEvaluatesAnything() {
		Pact pact = pact("x").until(condition("a", 1)).during(record("during"));
		assertThat(pact.isFinished()).isFalse();
		assertThat(pact.isFinished()).isFalse();
		assertThat(this.events).isEmpty();
		pact.poll();
		this.events.clear();
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.events).isEmpty();
	}

	@Test
	void pollAfterFinishingEvaluatesNothing() {
		Pact pact = pact("x").until(condition("a", 1))
			.during(record("during"))
			.then(record("then"))
			.lastly(record("lastly"));
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("during", "a", "then", "lastly");
		assertThat(pact.poll()).isTrue();
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("during", "a", "then", "lastly");
	}

	// --- callbacks ---

	@Test
	void onePollRunsDuringThenConditionsThenThenThenLastlyEachInOrderAdded() {
		Pact pact = pact("x")
			.lastly(record("lastly1"))
			.then(record("then1"))
			.during(record("during1"))
			.until(condition("cond1", 1))
			.lastly(record("lastly2"))
			.then(record("then2"))
			.during(record("during2"))
			.until(condition("cond2", 2));
		assertThat(pact.poll()).isFalse();
		assertThat(this.events).containsExactly("during1", "during2", "cond1", "cond2");
		this.events.clear();
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("during1", "during2", "cond2", "then1", "then2", "lastly1",
				"lastly2");
	}

	@Test
	void duringRunsOnEveryPollWhilePending() {
		AtomicInteger during = new AtomicInteger();
		Pact pact = pact("x").until(condition("a", 3)).during(during::incrementAndGet);
		pact.poll();
		pact.poll();
		assertThat(during).hasValue(2);
		pact.poll();
		assertThat(during).hasValue(3);
		pact.poll();
		assertThat(during).hasValue(3);
	}

	@Test
	void thenAndLastlyRunExactlyOnce() {
		AtomicInteger then = new AtomicInteger();
		AtomicInteger lastly = new AtomicInteger();
		Pact pact = pact("x").then(then::incrementAndGet).lastly(lastly::incrementAndGet).until(condition("a", 2));
		pact.poll();
		assertThat(then).hasValue(0);
		assertThat(lastly).hasValue(0);
		pact.poll();
		pact.poll();
		pact.await();
		assertThat(then).hasValue(1);
		assertThat(lastly).hasValue(1);
	}

	@Test
	void callbackThatThrowsDoesNotStopTheOthersAndPollThrowsTheFirstWithLaterOnesSuppressed() {
		IllegalStateException first = new IllegalStateException("then1");
		IllegalArgumentException second = new IllegalArgumentException("then3");
		UnsupportedOperationException third = new UnsupportedOperationException("lastly1");
		Pact pact = pact("x")
			.then(throwing(first))
			.then(record("then2"))
			.then(throwing(second))
			.lastly(throwing(third))
			.lastly(record("lastly2"));
		assertThatThrownBy(pact::poll).isSameAs(first);
		assertThat(first.getSuppressed()).containsExactly(second, third);
		assertThat(this.events).containsExactly("then2", "lastly2");
		assertThat(pact.isFinished()).isTrue();
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("then2", "lastly2");
	}

	@Test
	void duringThatThrowsDoesNotStopConditionsOrEndCallbacksOfThatPoll() {
		IllegalStateException duringFailure = new IllegalStateException("during");
		Pact pact = pact("x")
			.during(throwing(duringFailure))
			.during(record("during2"))
			.until(condition("a", 1))
			.then(record("then"));
		assertThatThrownBy(pact::poll).isSameAs(duringFailure);
		assertThat(this.events).containsExactly("during2", "a", "then");
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void conditionThatThrowsPropagatesWithDuringFailureSuppressedAndLeavesThePactPending() {
		IllegalStateException duringFailure = new IllegalStateException("during");
		IllegalArgumentException conditionFailure = new IllegalArgumentException("condition");
		AtomicInteger calls = new AtomicInteger();
		Pact pact = pact("x")
			.during(throwing(duringFailure))
			.until(() -> {
				if (calls.incrementAndGet() == 1) {
					throw conditionFailure;
				}
				return true;
			})
			.then(record("then"))
			.lastly(record("lastly"));
		assertThatThrownBy(pact::poll).isSameAs(conditionFailure);
		assertThat(conditionFailure.getSuppressed()).containsExactly(duringFailure);
		assertThat(this.events).isEmpty();
		assertThat(pact.isFinished()).isFalse();
		assertThat(calls).hasValue(1);

		assertThatThrownBy(pact::poll).isSameAs(duringFailure);
		assertThat(calls).hasValue(2);
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.events).containsExactly("then", "lastly");
	}

	@Test
	void conditionThatThrowsStopsTheLaterConditionsOfThatPoll() {
		IllegalStateException failure = new IllegalStateException("boom");
		AtomicInteger throwsOnce = new AtomicInteger();
		Pact pact = Pact.builder("x").clock(this.clock).lazy(false).build()
			.until(condition("a", 1))
			.until(() -> {
				if (throwsOnce.incrementAndGet() == 1) {
					throw failure;
				}
				return true;
			})
			.until(condition("c", 1));
		assertThatThrownBy(pact::poll).isSameAs(failure);
		assertThat(this.events).containsExactly("a");
		assertThat(pact.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "c");
	}

	@Test
	void conditionThatThrowsPropagatesFromAwait() {
		IllegalStateException failure = new IllegalStateException("boom");
		Pact pact = pact("x").until(() -> {
			throw failure;
		});
		assertThatThrownBy(() -> pact.await(Duration.ofSeconds(5))).isSameAs(failure);
		assertThat(pact.isFinished()).isFalse();
	}

	// --- a finished pact ---

	@Test
	void untilOnAFinishedPactIsIllegalState() {
		Pact pact = pact("x");
		pact.poll();
		assertThatIllegalStateException().isThrownBy(() -> pact.until(() -> true));
		assertThat(pact.getConditionCount()).isZero();
	}

	@Test
	void thenAndLastlyOnAFinishedPactRunAtOnceOnTheCallingThread() {
		Pact pact = pact("x");
		pact.poll();
		AtomicReference<Thread> thenThread = new AtomicReference<>();
		AtomicReference<Thread> lastlyThread = new AtomicReference<>();
		Pact returned = pact.then(() -> thenThread.set(Thread.currentThread()));
		assertThat(thenThread.get()).isSameAs(Thread.currentThread());
		assertThat(returned).isSameAs(pact);
		pact.lastly(() -> lastlyThread.set(Thread.currentThread()));
		assertThat(lastlyThread.get()).isSameAs(Thread.currentThread());
	}

	@Test
	void thenAndLastlyOnAFinishedPactRunOnlyOnce() {
		Pact pact = pact("x");
		pact.poll();
		AtomicInteger then = new AtomicInteger();
		pact.then(then::incrementAndGet).lastly(then::incrementAndGet);
		pact.poll();
		pact.await();
		assertThat(then).hasValue(2);
	}

	@Test
	void thenOnAFinishedPactPropagatesWhatTheCallbackThrows() {
		Pact pact = pact("x");
		pact.poll();
		IllegalStateException failure = new IllegalStateException("boom");
		assertThatThrownBy(() -> pact.then(throwing(failure))).isSameAs(failure);
	}

	@Test
	void duringAndOnTimeoutOnAFinishedPactAreAcceptedAndNeverRun() {
		Pact pact = pact("x");
		pact.poll();
		AtomicInteger runs = new AtomicInteger();
		assertThat(pact.during(runs::incrementAndGet)).isSameAs(pact);
		assertThat(pact.onTimeout(runs::incrementAndGet)).isSameAs(pact);
		pact.poll();
		pact.await();
		pact.await(Duration.ZERO);
		assertThat(runs).hasValue(0);
	}

	// --- groupWith ---

	@Test
	void groupWithMakesALazyGroupOfBothInOrder() {
		Pact first = pact("first").until(condition("a", 2));
		Pact second = pact("second").until(condition("b", 1));
		PactGroup group = first.groupWith(second);
		assertThat(group).containsExactly(first, second);
		assertThat(group).hasToString("[<Pact: first>, <Pact: second>]");
		assertThat(group.poll()).isFalse();
		assertThat(this.events).containsExactly("a");
		assertThat(group.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "a", "b");
	}

	@Test
	void groupWithAcceptsAGroup() {
		Pact first = pact("first");
		PactGroup inner = new PactGroup(List.of(pact("second")));
		PactGroup group = first.groupWith(inner);
		assertThat(group).containsExactly(first, inner);
		assertThat(group.poll()).isTrue();
		assertThat(inner.isFinished()).isTrue();
	}

	@Test
	void groupWithUsesThisPactsClock() {
		VirtualClock other = new VirtualClock();
		Pact first = pact("first");
		Pact second = Pact.builder("second").clock(other).build();
		assertThat(first.groupWith(second).clock()).isSameAs(this.clock);
		assertThat(second.groupWith(first).clock()).isSameAs(other);
	}

	// --- bad input ---

	@Test
	void nullArgumentsAreNullPointerExceptions() {
		Pact pact = pact("x");
		assertThatNullPointerException().isThrownBy(() -> new Pact(null));
		assertThatNullPointerException().isThrownBy(() -> new Pact(null, Duration.ofSeconds(1)));
		assertThatNullPointerException().isThrownBy(() -> Pact.builder(null));
		assertThatNullPointerException().isThrownBy(() -> Pact.builder("x").clock(null));
		assertThatNullPointerException().isThrownBy(() -> Pact.builder("x").pollInterval(null));
		assertThatNullPointerException().isThrownBy(() -> Pact.builder("x").timeoutException(null));
		assertThatNullPointerException().isThrownBy(() -> pact.until(null));
		assertThatNullPointerException().isThrownBy(() -> pact.then(null));
		assertThatNullPointerException().isThrownBy(() -> pact.lastly(null));
		assertThatNullPointerException().isThrownBy(() -> pact.during(null));
		assertThatNullPointerException().isThrownBy(() -> pact.onTimeout(null));
		assertThatNullPointerException().isThrownBy(() -> pact.groupWith(null));
		assertThatNullPointerException().isThrownBy(() -> pact.await(Duration.ofSeconds(1), null));
		assertThatNullPointerException().isThrownBy(() -> pact.await(null, null));
		assertThat(pact.isFinished()).isFalse();
	}

	@Test
	void nullCallbacksAreNullPointerExceptionsAlsoOnAFinishedPact() {
		Pact pact = pact("x");
		pact.poll();
		assertThatNullPointerException().isThrownBy(() -> pact.then(null));
		assertThatNullPointerException().isThrownBy(() -> pact.lastly(null));
		assertThatNullPointerException().isThrownBy(() -> pact.during(null));
		assertThatNullPointerException().isThrownBy(() -> pact.onTimeout(null));
		assertThatNullPointerException().isThrownBy(() -> pact.until(null));
	}

	@Test
	void negativeTimeoutIsIllegalArgumentNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Pact("x", Duration.ofSeconds(-1)))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> Pact.builder("x").timeout(Duration.ofNanos(-1)))
			.withMessageContaining("timeout");
	}

	@Test
	void zeroTimeoutIsAccepted() {
		assertThatCode(() -> Pact.builder("x").timeout(Duration.ZERO).build()).doesNotThrowAnyException();
	}

	@Test
	void nonPositivePollIntervalIsIllegalArgumentNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pact.builder("x").pollInterval(Duration.ZERO))
			.withMessageContaining("pollInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> Pact.builder("x").pollInterval(Duration.ofSeconds(-1)))
			.withMessageContaining("pollInterval");
	}

	@Test
	void fixedConditionsRefuseAnotherOneWithTheReasonAndKeepTheOnesBefore() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = pact("fixed").until(() -> calls.incrementAndGet() >= 2);
		assertThat(pact.fixConditions("add conditions before the pact is registered")).isSameAs(pact);
		assertThatIllegalStateException().isThrownBy(() -> pact.until(() -> true))
			.withMessage("Cannot add a condition to <Pact: fixed>: add conditions before the pact is registered");
		assertThatIllegalStateException().isThrownBy(() -> pact.failWhen(() -> true, "never"));
		assertThat(pact.getConditionCount()).isOne();
		assertThat(pact.poll()).isFalse();
		assertThat(pact.poll()).isTrue();
	}

}
