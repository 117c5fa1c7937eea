package org.pactlib;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link PactBase#toCompletableFuture()} and {@link Pact#untilComplete(CompletionStage)}.
 */
class FuturesTest {

	private final VirtualClock clock = new VirtualClock();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@RegisterExtension
	final CapturedLog log = new CapturedLog("org.pactlib");

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(5, TimeUnit.SECONDS)).as("test threads stopped").isTrue();
	}

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		return future.handle((result, failure) -> failure).join();
	}

	// ---------------------------------------------------------------- toCompletableFuture

	@Test
	void theFutureCompletesNormallyWhenThePactFinishesAfterItsCallbacksRan() {
		AtomicBoolean done = new AtomicBoolean();
		List<String> order = new CopyOnWriteArrayList<>();
		Pact pact = pact("job").until(done::get);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		pact.then(() -> order.add("then, future done: " + future.isDone()));
		pact.lastly(() -> order.add("lastly, future done: " + future.isDone()));
		future.thenRun(() -> order.add("future"));
		pact.poll();
		assertThat(future).isNotDone();
		done.set(true);
		pact.poll();
		assertThat(future).isCompleted();
		assertThat(future.join()).isNull();
		assertThat(order).containsExactly("then, future done: false", "lastly, future done: false", "future");
	}

	@Test
	void theFutureCompletesExceptionallyWithTheFailureWhenThePactFails() {
		List<String> order = new CopyOnWriteArrayList<>();
		Pact pact = pact("job").until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		pact.lastly(() -> order.add("lastly, future done: " + future.isDone()));
		future.whenComplete((result, failure) -> order.add("future"));
		IllegalStateException cause = new IllegalStateException("quota");
		pact.fail(cause);
		assertThat(future.isCancelled()).isFalse();
		assertThat(failureOf(future)).isInstanceOf(PactFailedException.class).isSameAs(pact.getFailure())
			.hasCause(cause);
		assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCauseReference(pact.getFailure());
		assertThat(order).containsExactly("lastly, future done: false", "future");
	}

	@Test
	void theFutureCompletesExceptionallyWhenAPollFailsThePact() {
		AtomicBoolean broken = new AtomicBoolean();
		Pact pact = pact("vm").until(() -> false).failWhen(broken::get, "ERROR state");
		CompletableFuture<Void> future = pact.toCompletableFuture();
		pact.poll();
		assertThat(future).isNotDone();
		broken.set(true);
		pact.poll();
		assertThat(failureOf(future)).isInstanceOf(PactFailedException.class)
			.hasMessage("<Pact: vm> failed: ERROR state");
	}

	@Test
	void theFutureIsCancelledWhenThePactIsCancelled() {
		Pact pact = pact("job").until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		pact.cancel();
		assertThat(future).isDone();
		assertThat(future.isCancelled()).isTrue();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(future::join);
	}

	@Test
	void theFutureFailsWithTimeoutExpiredWhenAPollFindsTheDeadlinePassedWhilePending() {
		Pact pact = Pact.builder("Deleting /path").clock(this.clock).timeout(Duration.ofSeconds(5)).build()
			.until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		pact.poll();
		assertThat(future).isNotDone();
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(future).as("no poll yet").isNotDone();
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.isDeadlinePassed()).isTrue();
		Throwable failure = failureOf(future);
		assertThat(failure).isInstanceOf(TimeoutExpiredException.class)
			.hasMessage("Timeout of 5 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(((TimeoutExpiredException) failure).getPact()).isSameAs(pact);
		assertThat(((TimeoutExpiredException) failure).getTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void cancellingTheFutureCancelsThePact() {
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = pact("job").until(() -> {
			calls.incrementAndGet();
			return false;
		}).lastly(lastlies::incrementAndGet);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		CompletableFuture<Void> other = pact.toCompletableFuture();
		assertThat(future.cancel(false)).isTrue();
		assertThat(future.isCancelled()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies).hasValue(1);
		assertThat(other.isCancelled()).as("another future of the same pact").isTrue();
		pact.poll();
		assertThat(calls).hasValue(0);
	}

	@Test
	void cancellingTheFutureOfAPactThatEndedReturnsWhetherItEndedCancelled() {
		Pact finished = pact("finished");
		CompletableFuture<Void> finishedFuture = finished.toCompletableFuture();
		finished.poll();
		assertThat(finishedFuture.cancel(true)).isFalse();
		assertThat(finishedFuture.isCancelled()).isFalse();
		assertThat(finished.state()).isEqualTo(PactState.FINISHED);

		Pact failed = pact("failed").until(() -> false);
		CompletableFuture<Void> failedFuture = failed.toCompletableFuture();
		failed.fail("broken");
		assertThat(failedFuture.cancel(true)).isFalse();
		assertThat(failed.state()).isEqualTo(PactState.FAILED);

		Pact cancelled = pact("cancelled").until(() -> false);
		CompletableFuture<Void> cancelledFuture = cancelled.toCompletableFuture();
		cancelled.cancel();
		assertThat(cancelledFuture.cancel(false)).as("a future of a pact cancelled by other means").isTrue();

		Pact twice = pact("twice").until(() -> false);
		CompletableFuture<Void> future = twice.toCompletableFuture();
		assertThat(future.cancel(false)).isTrue();
		assertThat(future.cancel(false)).as("a second cancel").isTrue();
	}

	@Test
	void whatALastlyCallbackThrowsWhenTheFutureCancelsThePactIsLoggedNotThrown() {
		Pact pact = pact("job").until(() -> false).lastly(() -> {
			throw new IllegalStateException("cleanup failed");
		});
		assertThat(pact.toCompletableFuture().cancel(true)).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.log.records()).singleElement().satisfies((record) -> {
			assertThat(record.getMessage())
				.isEqualTo("A lastly callback of <Pact: job>, cancelled through its future, threw");
			assertThat(record.getThrown()).hasMessage("cleanup failed");
		});
	}

	@Test
	void cancellingTheFutureOfAGroupCancelsTheGroupAndItsPendingMembers() {
		Pact member = pact("member").until(() -> false);
		PactGroup group = new PactGroup(List.of(member));
		group.toCompletableFuture().cancel(true);
		assertThat(group.state()).isEqualTo(PactState.CANCELLED);
		assertThat(member.state()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void completingTheFutureByOtherMeansDoesNotAffectThePact() {
		Pact pact = pact("job").until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		future.complete(null);
		future.obtrudeValue(null);
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		CompletableFuture<Void> other = pact.toCompletableFuture();
		other.completeExceptionally(new IllegalStateException("not mine"));
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
	}

	@Test
	void aFutureObtainedAfterTheEndIsAlreadyCompletedAccordingly() {
		Pact finished = pact("finished");
		finished.poll();
		assertThat(finished.toCompletableFuture()).isCompleted();

		Pact failed = pact("failed").until(() -> false);
		failed.fail("broken");
		CompletableFuture<Void> failedFuture = failed.toCompletableFuture();
		assertThat(failedFuture.isCancelled()).isFalse();
		assertThat(failureOf(failedFuture)).isSameAs(failed.getFailure());

		Pact cancelled = pact("cancelled").until(() -> false);
		cancelled.cancel();
		assertThat(cancelled.toCompletableFuture().isCancelled()).isTrue();

		Pact late = Pact.builder("late").clock(this.clock).timeout(Duration.ofSeconds(5)).build().until(() -> false);
		this.clock.advance(Duration.ofSeconds(6));
		late.poll();
		assertThat(failureOf(late.toCompletableFuture())).isInstanceOf(TimeoutExpiredException.class)
			.hasMessage("Timeout of 5 seconds expired waiting for <Pact: late>");
	}

	@Test
	void aGroupsFutureFollowsTheGroupsOutcome() {
		Pact p1 = pact("p1");
		Pact p2 = pact("p2").until(() -> false);
		PactGroup finishing = new PactGroup(List.of(p1));
		CompletableFuture<Void> finishingFuture = finishing.toCompletableFuture();
		finishing.poll();
		assertThat(finishingFuture).isCompleted();
		PactGroup failing = new PactGroup(List.of(p2));
		CompletableFuture<Void> failingFuture = failing.toCompletableFuture();
		p2.fail("broken");
		failing.poll();
		assertThat(failureOf(failingFuture)).isInstanceOf(PactFailedException.class)
			.hasCauseReference(p2.getFailure());
	}

	// ---------------------------------------------------------------- untilComplete

	@Test
	void untilCompleteHoldsOnceTheStageCompletesNormally() {
		CompletableFuture<String> upload = new CompletableFuture<>();
		Pact pact = pact("upload").untilComplete(upload);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.poll()).isFalse();
		upload.complete("etag");
		assertThat(pact.poll()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
	}

	@Test
	void untilCompleteOnAnAlreadyCompletedStageHoldsAtTheFirstPoll() {
		Pact pact = pact("upload").untilComplete(CompletableFuture.completedFuture("etag"));
		assertThat(pact.poll()).isTrue();
	}

	@Test
	void aStageThatFailsFailsThePactAtTheNextPollWithItsExceptionAsCause() {
		CompletableFuture<String> upload = new CompletableFuture<>();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = pact("upload").untilComplete(upload).lastly(lastlies::incrementAndGet);
		pact.poll();
		IllegalStateException cause = new IllegalStateException("403");
		upload.completeExceptionally(cause);
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isSameAs(cause);
		assertThat(pact.getFailure().getMessage()).startsWith("<Pact: upload> failed: ");
		assertThat(lastlies).hasValue(1);
	}

	@Test
	void aStageFailureWrappedInACompletionExceptionIsUnwrapped() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletionStage<Integer> dependent = source.thenApply(String::length);
		Pact pact = pact("upload").untilComplete(dependent);
		IllegalStateException cause = new IllegalStateException("403");
		source.completeExceptionally(cause);
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isSameAs(cause);
	}

	@Test
	void aCancelledStageFailsThePactWithACancellationException() {
		CompletableFuture<String> upload = new CompletableFuture<>();
		Pact pact = pact("upload").untilComplete(upload);
		upload.cancel(false);
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isInstanceOf(CancellationException.class);
	}

	@Test
	void aFailedStageFailsTheNextPollEvenBehindALazyConditionThatDoesNotHold() {
		// the documented contract: "if it completes exceptionally, the next poll fails the pact"
		CompletableFuture<String> upload = new CompletableFuture<>();
		Pact pact = pact("upload").until(() -> false).untilComplete(upload);
		IllegalStateException cause = new IllegalStateException("403");
		upload.completeExceptionally(cause);
		pact.poll();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.getFailure().getCause()).isSameAs(cause);
	}

	@Test
	void aWaiterLearnsOfAFailedStageAtThePollThatDetectsItNotAtTheDeadline() {
		CompletableFuture<String> upload = new CompletableFuture<>();
		IllegalStateException cause = new IllegalStateException("403");
		Pact pact = pact("upload").during(() -> {
			if (this.clock.elapsed().compareTo(Duration.ofSeconds(3)) >= 0) {
				upload.completeExceptionally(cause);
			}
		}).untilComplete(upload);
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> pact.await(Duration.ofHours(1)))
			.havingCause()
			.isSameAs(cause);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aThreadAwaitingAStageIsWokenWhenAnotherThreadCompletesIt() throws Exception {
		CompletableFuture<String> upload = new CompletableFuture<>();
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("upload").pollInterval(Duration.ofHours(1)).build()
			.during(polled::countDown)
			.untilComplete(upload);
		Future<?> waiter = this.executor.submit(() -> pact.await());
		assertThat(polled.await(5, TimeUnit.SECONDS)).as("first poll").isTrue();
		this.executor.submit(() -> upload.complete("etag")).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
		waiter.get();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(pact.getPollCount()).as("the first poll, if the stage completed before it evaluated, or a "
				+ "second one at once, not an hour later").isBetween(1L, 2L);
	}

	@Test
	void aThreadAwaitingAStageIsWokenWhenAnotherThreadFailsIt() throws Exception {
		CompletableFuture<String> upload = new CompletableFuture<>();
		CountDownLatch polled = new CountDownLatch(1);
		Pact pact = Pact.builder("upload").pollInterval(Duration.ofHours(1)).build()
			.during(polled::countDown)
			.untilComplete(upload);
		Future<?> waiter = this.executor.submit(() -> pact.await());
		assertThat(polled.await(5, TimeUnit.SECONDS)).as("first poll").isTrue();
		IllegalStateException cause = new IllegalStateException("403");
		this.executor.submit(() -> upload.completeExceptionally(cause)).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
		assertThatThrownBy(waiter::get).cause().isInstanceOf(PactFailedException.class).hasCauseReference(cause);
	}

	@Test
	void aThreadAwaitingTheFutureOfAPactIsWokenByItsEnd() throws Exception {
		Pact pact = Pact.builder("job").build().until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		Future<?> waiter = this.executor.submit(() -> future.join());
		this.executor.submit(() -> pact.fail("broken")).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
		assertThatThrownBy(waiter::get).cause().isInstanceOf(CompletionException.class)
			.hasCauseReference(pact.getFailure());
	}

}
