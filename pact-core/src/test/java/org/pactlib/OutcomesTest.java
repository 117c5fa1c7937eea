package org.pactlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Outcomes (FINISHED, FAILED, CANCELLED), failing fast and cancellation, of pacts and groups.
 */
class OutcomesTest {

	private final VirtualClock clock = new VirtualClock();

	private final StringBuilder events = new StringBuilder();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(5, TimeUnit.SECONDS)).as("test threads stopped").isTrue();
	}

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	private Pact recording(Pact pact) {
		return pact.then(() -> this.events.append("then;")).lastly(() -> this.events.append("lastly;"));
	}

	private static BooleanSupplier counting(AtomicInteger counter, boolean result) {
		return () -> {
			counter.incrementAndGet();
			return result;
		};
	}

	// ---------------------------------------------------------------- states and callbacks

	@Test
	void aNewPactIsPendingAndAPollThatFindsEverythingHeldFinishesIt() {
		AtomicBoolean done = new AtomicBoolean();
		Pact pact = recording(pact("job").until(done::get));
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.getFailure()).isNull();
		done.set(true);
		assertThat(pact.poll()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(pact.isFinished()).isTrue();
		assertThat(pact.getFailure()).isNull();
		assertThat(this.events).hasToString("then;lastly;");
	}

	@Test
	void isFinishedIsTrueOnlyForFinished() {
		Pact failed = pact("failed").until(() -> false);
		failed.fail("broken");
		Pact cancelled = pact("cancelled").until(() -> false);
		cancelled.cancel();
		Pact finished = pact("finished");
		finished.poll();
		assertThat(failed.state()).isEqualTo(PactState.FAILED);
		assertThat(failed.isFinished()).isFalse();
		assertThat(cancelled.state()).isEqualTo(PactState.CANCELLED);
		assertThat(cancelled.isFinished()).isFalse();
		assertThat(finished.state()).isEqualTo(PactState.FINISHED);
		assertThat(finished.isFinished()).isTrue();
		assertThat(PactState.PENDING.isEnded()).isFalse();
		assertThat(List.of(PactState.FINISHED, PactState.FAILED, PactState.CANCELLED))
			.allMatch(PactState::isEnded);
	}

	@Test
	void aFailedPactRunsItsLastlyCallbacksButNotItsThens() {
		Pact pact = recording(pact("job").until(() -> false)).lastly(() -> this.events.append("lastly2;"));
		assertThat(pact.fail("disk full")).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(this.events).hasToString("lastly;lastly2;");
	}

	@Test
	void aCancelledPactRunsItsLastlyCallbacksButNotItsThens() {
		Pact pact = recording(pact("job").until(() -> false));
		assertThat(pact.cancel()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.events).hasToString("lastly;");
	}

	@Test
	void lastlyRunsAfterTheThensWhateverTheOrderAdded() {
		Pact pact = pact("job").lastly(() -> this.events.append("lastly;")).then(() -> this.events.append("then;"));
		pact.poll();
		assertThat(this.events).hasToString("then;lastly;");
	}

	@Test
	void lastlyAddedAfterTheEndRunsAtOnceOnTheCallingThreadWhateverTheOutcome() {
		Pact finished = pact("finished");
		finished.poll();
		Pact failed = pact("failed").until(() -> false);
		failed.fail("broken");
		Pact cancelled = pact("cancelled").until(() -> false);
		cancelled.cancel();
		Thread caller = Thread.currentThread();
		for (Pact pact : List.of(finished, failed, cancelled)) {
			AtomicReference<Thread> ranOn = new AtomicReference<>();
			pact.lastly(() -> ranOn.set(Thread.currentThread()));
			assertThat(ranOn.get()).as("lastly added to a %s pact", pact.state()).isSameAs(caller);
		}
	}

	@Test
	void thenAddedAfterAFailureOrACancellationNeverRuns() {
		Pact failed = pact("failed").until(() -> false);
		failed.fail("broken");
		Pact cancelled = pact("cancelled").until(() -> false);
		cancelled.cancel();
		AtomicInteger thens = new AtomicInteger();
		failed.then(thens::incrementAndGet);
		cancelled.then(thens::incrementAndGet);
		failed.poll();
		cancelled.poll();
		assertThat(thens).hasValue(0);
		Pact finished = pact("finished");
		finished.poll();
		finished.then(thens::incrementAndGet);
		assertThat(thens).as("then added after FINISHED runs at once").hasValue(1);
	}

	@Test
	void awaitOnAFailedPactThrowsPactFailedException() {
		Pact pact = pact("Exporting report").until(() -> false);
		IllegalStateException cause = new IllegalStateException("quota exceeded");
		pact.fail(cause);
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(pact::await)
			.withMessage("<Pact: Exporting report> failed: " + cause)
			.satisfies((ex) -> {
				assertThat(ex.getPact()).isSameAs(pact);
				assertThat(ex.getReason()).isEqualTo(cause.toString());
				assertThat(ex.getCause()).isSameAs(cause);
			});
		assertThat(pact.getFailure()).isNotNull();
		assertThat(pact.getFailure().getPact()).isSameAs(pact);
		assertThat(pact.getFailure().getCause()).isSameAs(cause);
		assertThat(pact.getFailure()).hasMessage("<Pact: Exporting report> failed: " + cause);
	}

	@Test
	void awaitOnAPactFailedWithAReasonThrowsWithThatReasonAndNoCause() {
		Pact pact = pact("Exporting report").until(() -> false);
		pact.fail("disk full");
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(5)))
			.withMessage("<Pact: Exporting report> failed: disk full")
			.withNoCause()
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("disk full"));
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void awaitOnACancelledPactThrowsCancellationExceptionNamingThePact() {
		Pact pact = pact("Exporting report").until(() -> false);
		pact.cancel();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(pact::await)
			.withMessageContaining("<Pact: Exporting report>");
		assertThat(pact.getFailure()).isNull();
	}

	// ---------------------------------------------------------------- failing fast

	@Test
	void failWhenFailsThePactWithItsReasonAndNoCause() {
		AtomicBoolean broken = new AtomicBoolean();
		Pact pact = recording(pact("vm").until(() -> false).failWhen(broken::get, "the VM went into ERROR"));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		broken.set(true);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getReason()).isEqualTo("the VM went into ERROR");
		assertThat(pact.getFailure()).hasMessage("<Pact: vm> failed: the VM went into ERROR").hasNoCause();
		assertThat(this.events).hasToString("lastly;");
	}

	@Test
	void failWhenIsCheckedBeforeTheUntilConditions() {
		AtomicInteger untilCalls = new AtomicInteger();
		Pact pact = recording(pact("vm").until(counting(untilCalls, true)).failWhen(() -> true, "broken"));
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(untilCalls).hasValue(0);
		assertThat(this.events).hasToString("lastly;");
	}

	@Test
	void failWhenIsCheckedOnEveryPoll() {
		AtomicInteger failWhenCalls = new AtomicInteger();
		AtomicInteger untilCalls = new AtomicInteger();
		Pact pact = pact("vm").until(counting(untilCalls, false)).failWhen(counting(failWhenCalls, false), "x");
		for (int i = 0; i < 3; i++) {
			pact.poll();
		}
		assertThat(failWhenCalls).hasValue(3);
		assertThat(untilCalls).hasValue(3);
	}

	@Test
	void aWaiterLearnsOfAFailWhenAtThePollThatDetectsItNotAtTheDeadline() {
		Pact pact = pact("vm").until(() -> false)
			.failWhen(() -> this.clock.elapsed().compareTo(Duration.ofSeconds(3)) >= 0, "the VM went into ERROR");
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> pact.await(Duration.ofHours(1)))
			.withMessage("<Pact: vm> failed: the VM went into ERROR");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
	}

	@Test
	void failReturnsTrueOnlyTheFirstTimeAndFalseOnceEnded() {
		Pact pact = recording(pact("job").until(() -> false));
		assertThat(pact.fail("first")).isTrue();
		assertThat(pact.fail("second")).isFalse();
		assertThat(pact.fail(new IllegalStateException("third"))).isFalse();
		assertThat(pact.cancel()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getReason()).isEqualTo("first");
		assertThat(this.events).hasToString("lastly;");

		Pact finished = pact("finished");
		finished.poll();
		assertThat(finished.fail("too late")).isFalse();
		assertThat(finished.fail(new IllegalStateException("too late"))).isFalse();
		assertThat(finished.state()).isEqualTo(PactState.FINISHED);
		assertThat(finished.getFailure()).isNull();

		Pact cancelled = pact("cancelled").until(() -> false);
		cancelled.cancel();
		assertThat(cancelled.fail("too late")).isFalse();
		assertThat(cancelled.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void failFromAnotherThreadEndsThePactAndItsConditionsAreNeverEvaluatedAgain() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = recording(pact("job").until(counting(calls, false)));
		pact.poll();
		IllegalStateException cause = new IllegalStateException("boom");
		assertThat(this.executor.submit(() -> pact.fail(cause)).get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(pact.poll()).isFalse();
		assertThat(calls).hasValue(1);
		assertThat(pact.getFailure().getCause()).isSameAs(cause);
		assertThat(this.events).hasToString("lastly;");
	}

	@Test
	void failOnFailsThePactWithTheConditionsExceptionAsCause() {
		IllegalStateException thrown = new IllegalStateException("vm deleted");
		Pact pact = recording(Pact.builder("vm").clock(this.clock).failOn(IllegalStateException.class).build()
			.until(() -> {
				throw thrown;
			}));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isSameAs(thrown);
		assertThat(pact.getFailure().getMessage()).startsWith("<Pact: vm> failed: ");
		assertThat(this.events).hasToString("lastly;");
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(pact::await)
			.havingCause()
			.isSameAs(thrown);
	}

	@Test
	void failOnAlsoMatchesSubclasses() {
		Pact pact = Pact.builder("vm").clock(this.clock).failOn(RuntimeException.class).build().until(() -> {
			throw new ArithmeticException("/ by zero");
		});
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isInstanceOf(ArithmeticException.class);
	}

	@Test
	void aFailWhenOfAPactThatFailsOnEveryRuntimeExceptionIsNotWrappedAgain() {
		Pact pact = Pact.builder("vm").clock(this.clock).failOn(RuntimeException.class).build()
			.failWhen(() -> true, "the VM went into ERROR").until(() -> false);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getReason()).isEqualTo("the VM went into ERROR");
		assertThat(pact.getFailure()).hasNoCause();
	}

	@Test
	void aFailureOfAnotherPactThrownByAConditionFailsThisOneWithItAsCauseWhenFailOnCoversIt() {
		Pact inner = pact("inner").until(() -> false);
		inner.fail("inner broke");
		Pact outer = Pact.builder("outer").clock(this.clock).failOn(PactFailedException.class).build().until(() -> {
			inner.await();
			return true;
		});
		assertThat(outer.poll()).isFalse();
		assertThat(outer.state()).isEqualTo(PactState.FAILED);
		assertThat(outer.getFailure().getCause()).isInstanceOfSatisfying(PactFailedException.class, (cause) -> {
			assertThat(cause.getPact()).isSameAs(inner);
			assertThat(cause).hasMessage("<Pact: inner> failed: inner broke");
		});
	}

	@Test
	void aWaiterLearnsOfAFailOnExceptionAtThePollThatMeetsIt() {
		Pact pact = Pact.builder("vm").clock(this.clock).failOn(IllegalStateException.class).build().until(() -> {
			if (this.clock.elapsed().compareTo(Duration.ofSeconds(2)) >= 0) {
				throw new IllegalStateException("vm deleted");
			}
			return false;
		});
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> pact.await(Duration.ofHours(1)))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void ignoredExceptionsCountAsNotYetAndTheLastOneIsKept() {
		UncheckedIOException first = new UncheckedIOException(new IOException("503"));
		UncheckedIOException second = new UncheckedIOException(new IOException("504"));
		List<RuntimeException> toThrow = new ArrayList<>(List.of(first, second));
		Pact pact = recording(Pact.builder("export").clock(this.clock).ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> {
				if (!toThrow.isEmpty()) {
					throw toThrow.remove(0);
				}
				return true;
			}));
		assertThat(pact.getLastIgnoredException()).isNull();
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.getLastIgnoredException()).isSameAs(first);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.getLastIgnoredException()).isSameAs(second);
		assertThat(pact.poll()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(this.events).hasToString("then;lastly;");
	}

	@Test
	void undeclaredExceptionsPropagateAndThePactStaysPending() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = Pact.builder("export").clock(this.clock)
			.ignoreExceptions(UncheckedIOException.class)
			.failOn(IllegalStateException.class)
			.build()
			.until(() -> {
				if (calls.incrementAndGet() < 3) {
					throw new IllegalArgumentException("bad id");
				}
				return true;
			});
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(pact::poll).withMessage("bad id");
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.getLastIgnoredException()).isNull();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(pact::await).withMessage("bad id");
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.poll()).isTrue();
		assertThat(calls).hasValue(3);
	}

	// ---------------------------------------------------------------- cancellation

	@Test
	void cancelEndsAPendingPactForGood() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = recording(pact("job").until(counting(calls, false)));
		pact.poll();
		assertThat(calls).hasValue(1);
		assertThat(pact.cancel()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.tryPoll()).isFalse();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(5)));
		assertThat(calls).as("conditions evaluated after cancel").hasValue(1);
		assertThat(this.events).hasToString("lastly;");
		assertThat(pact.cancel()).isFalse();
		assertThat(this.events).as("lastly runs once").hasToString("lastly;");
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void cancelOnAFinishedPactReturnsFalseAndChangesNothing() {
		Pact pact = recording(pact("job"));
		pact.poll();
		assertThat(pact.cancel()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(this.events).hasToString("then;lastly;");
	}

	@Test
	void aThreadBlockedInAwaitWakesAtOnceWhenThePactIsCancelled() throws Exception {
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("slow job").pollInterval(Duration.ofHours(1)).build().until(() -> {
			polled.countDown();
			return false;
		});
		Future<?> waiter = this.executor.submit(() -> pact.await());
		assertThat(polled.await(5, TimeUnit.SECONDS)).as("first poll").isTrue();
		assertThat(pact.cancel()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
		assertThatThrownBy(waiter::get).cause()
			.isInstanceOf(CancellationException.class)
			.hasMessageContaining("<Pact: slow job>");
	}

	@Test
	void aThreadBlockedInAwaitWakesAtOnceWhenThePactFails() throws Exception {
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("slow job").pollInterval(Duration.ofHours(1)).build().until(() -> {
			polled.countDown();
			return false;
		});
		Future<?> waiter = this.executor.submit(() -> pact.await());
		assertThat(polled.await(5, TimeUnit.SECONDS)).as("first poll").isTrue();
		assertThat(pact.fail("gave up")).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
		assertThatThrownBy(waiter::get).cause()
			.isInstanceOf(PactFailedException.class)
			.hasMessage("<Pact: slow job> failed: gave up");
	}

	// ---------------------------------------------------------------- groups

	@Test
	void aGroupHasStatesToo() {
		Pact p1 = pact("p1");
		Pact p2 = pact("p2");
		PactGroup group = p1.groupWith(p2);
		AtomicInteger thens = new AtomicInteger();
		group.then(thens::incrementAndGet);
		assertThat(group.state()).isEqualTo(PactState.PENDING);
		assertThat(group.poll()).isTrue();
		assertThat(group.state()).isEqualTo(PactState.FINISHED);
		assertThat(group.isFinished()).isTrue();
		assertThat(thens).hasValue(1);
	}

	@Test
	void cancellingAGroupCancelsItsPendingMembersAndLeavesFinishedOnesFinished() {
		Pact done = recording(pact("done"));
		Pact pendingA = pact("a").until(() -> false);
		AtomicInteger lastlies = new AtomicInteger();
		Pact pendingB = pact("b").until(() -> false).lastly(lastlies::incrementAndGet);
		PactGroup group = PactGroup.builder().lazy(false).build().add(done).add(pendingA).add(pendingB);
		group.lastly(lastlies::incrementAndGet);
		AtomicInteger groupThens = new AtomicInteger();
		group.then(groupThens::incrementAndGet);
		group.poll();
		assertThat(done.state()).isEqualTo(PactState.FINISHED);
		assertThat(group.cancel()).isTrue();
		assertThat(group.state()).isEqualTo(PactState.CANCELLED);
		assertThat(done.state()).isEqualTo(PactState.FINISHED);
		assertThat(pendingA.state()).isEqualTo(PactState.CANCELLED);
		assertThat(pendingB.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies).hasValue(2);
		assertThat(groupThens).hasValue(0);
		assertThat(this.events).hasToString("then;lastly;");
		assertThat(group.cancel()).isFalse();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(group::await);
	}

	@Test
	void cancellingALazyGroupAlsoCancelsMembersItHasNotReached() {
		Pact first = pact("first").until(() -> false);
		Pact second = pact("second");
		PactGroup group = first.groupWith(second);
		group.poll();
		group.cancel();
		assertThat(second.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void cancellingANestedGroupCancelsItsInnerMembers() {
		Pact inner = pact("inner").until(() -> false);
		PactGroup outer = pact("outer").groupWith(new PactGroup(List.of(inner)));
		outer.cancel();
		assertThat(inner.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void aMemberThatFailsMakesTheGroupFailAtItsNextPollEvenWhenLazyAndNotReached() {
		Pact first = pact("first").until(() -> false);
		Pact second = pact("second").until(() -> false);
		PactGroup group = first.groupWith(second);
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		group.then(thens::incrementAndGet).lastly(lastlies::incrementAndGet);
		group.poll();
		IllegalStateException cause = new IllegalStateException("quota");
		second.fail(cause);
		assertThat(group.poll()).isFalse();
		assertThat(group.state()).isEqualTo(PactState.FAILED);
		PactFailedException failure = group.getFailure();
		assertThat(failure.getPact()).isSameAs(group);
		assertThat(failure.getReason()).contains("<Pact: second>");
		assertThat(failure.getCause()).isSameAs(second.getFailure());
		assertThat(failure.getCause().getCause()).isSameAs(cause);
		assertThat(thens).hasValue(0);
		assertThat(lastlies).hasValue(1);
		assertThat(first.state()).as("the other member is left as it was").isEqualTo(PactState.PENDING);
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(group::await)
			.satisfies((ex) -> {
				assertThat(ex.getPact()).isSameAs(group);
				assertThat(ex.getReason()).contains("<Pact: second>");
				assertThat(ex.getCause()).isSameAs(second.getFailure());
			});
	}

	@Test
	void aMemberThatIsCancelledMakesTheGroupFailWithACancellationExceptionAsCause() {
		Pact first = pact("first").until(() -> false);
		Pact second = pact("second").until(() -> false);
		PactGroup group = first.groupWith(second);
		second.cancel();
		assertThat(group.poll()).isFalse();
		assertThat(group.state()).isEqualTo(PactState.FAILED);
		assertThat(group.getFailure().getReason()).contains("<Pact: second>");
		assertThat(group.getFailure().getCause()).isInstanceOf(CancellationException.class)
			.hasMessageContaining("<Pact: second>");
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> group.await(Duration.ofSeconds(5)))
			.withCauseInstanceOf(CancellationException.class);
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void aMemberThatFailsDuringTheGroupsPollFailsTheGroupInThatPoll() {
		AtomicBoolean broken = new AtomicBoolean();
		Pact member = pact("member").until(() -> false).failWhen(broken::get, "broken");
		PactGroup group = new PactGroup(List.of(member));
		group.poll();
		broken.set(true);
		group.poll();
		assertThat(member.state()).isEqualTo(PactState.FAILED);
		assertThat(group.state()).isEqualTo(PactState.FAILED);
		assertThat(group.getFailure().getCause()).isSameAs(member.getFailure());
	}

	@Test
	void aWaiterOnAGroupLearnsOfAMembersFailureAtThePollThatDetectsIt() {
		Pact slow = pact("slow").until(() -> false);
		Pact failing = pact("failing").until(() -> false)
			.failWhen(() -> this.clock.elapsed().compareTo(Duration.ofSeconds(4)) >= 0, "gave up");
		PactGroup group = PactGroup.builder().lazy(false).build().add(slow).add(failing);
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> group.await(Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failing.getFailure()));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void aFailedNestedGroupFailsTheOuterGroup() {
		Pact member = pact("member").until(() -> false);
		PactGroup inner = new PactGroup(List.of(member));
		PactGroup outer = pact("first").groupWith(inner);
		member.fail("broken");
		outer.poll();
		assertThat(outer.state()).isEqualTo(PactState.FAILED);
		assertThat(outer.getFailure().getCause()).isInstanceOf(PactFailedException.class);
		assertThat(outer.getFailure().getMessage()).contains("<Pact: member> failed: broken");
	}

	@Test
	void aGroupThatFailsOrIsCancelledRunsLastlyNotThen() {
		PactGroup failing = pact("a").until(() -> false).groupWith(pact("b"));
		failing.then(() -> this.events.append("then;")).lastly(() -> this.events.append("lastly;"));
		assertThat(failing.fail("no")).isTrue();
		assertThat(failing.state()).isEqualTo(PactState.FAILED);
		assertThat(this.events).hasToString("lastly;");
		failing.then(() -> this.events.append("late then;"));
		failing.lastly(() -> this.events.append("late lastly;"));
		assertThat(this.events).hasToString("lastly;late lastly;");
	}

	@Test
	void anAbsorbedPactsCallbacksFollowTheGroupsOutcome() {
		Pact member = pact("member").until(() -> false)
			.then(() -> this.events.append("then;"))
			.lastly(() -> this.events.append("lastly;"));
		PactGroup group = new PactGroup();
		group.add(member, true);
		group.cancel();
		assertThat(member.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.events).hasToString("lastly;");
	}

	@Test
	void untilAndFailWhenOnAnEndedPactAreRejected() {
		Pact pact = pact("job").until(() -> false);
		pact.cancel();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pact.until(() -> true));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pact.failWhen(() -> true, "x"));
		CompletableFuture<Void> stage = new CompletableFuture<>();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pact.untilComplete(stage));
	}

}
