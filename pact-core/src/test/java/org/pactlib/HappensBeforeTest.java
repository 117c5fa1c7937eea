package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Visibility across threads, as {@code java.util.concurrent} gives it: what a thread wrote before it
 * ended a pact (in a condition, or before {@code cancel}), with no synchronization of its own, is seen by
 * every thread that then sees the pact ended: one whose {@code await} returns, one that reads
 * {@code state()}, one whose future completes, and the callbacks that run after; what the end callbacks
 * wrote is seen once the future completed (the outcome is recorded before they run, so {@code state()}
 * and an {@code await} that finds the pact ended may return while they still run, as a
 * {@code CompletableFuture}'s {@code join} may before its dependents ran). The fields written are plain
 * on purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HappensBeforeTest {

	private static final int ROUNDS = 2_000;

	private final ExecutorService threads = Executors.newFixedThreadPool(3);

	@AfterEach
	void stop() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	/** Written by one thread, read by others, with no synchronization of its own. */
	static final class Plain {

		int byCondition;

		int byThen;

		int byCanceller;

		int seenByLastly = -1;

	}

	@Test
	void whatAThreadWroteBeforeEndingAPactIsSeenByEveryThreadThatSeesItEnded() throws Exception {
		for (int round = 1; round <= ROUNDS; round++) {
			int value = round;
			Plain plain = new Plain();
			boolean cancel = (round % 2) == 0;
			Pact pact = Pact.builder("round " + round).pollInterval(Duration.ofNanos(1)).build().until(() -> {
				plain.byCondition = value;
				return !cancel;
			}).then(() -> plain.byThen = value).lastly(() -> plain.seenByLastly = plain.byCanceller);
			CompletableFuture<Void> future = pact.toCompletableFuture();
			Future<Integer> awaiter = this.threads.submit(() -> {
				try {
					pact.await(Duration.ofSeconds(10));
				}
				catch (java.util.concurrent.CancellationException ex) {
					return plain.byCanceller;
				}
				return plain.byCondition;
			});
			Future<Integer> reader = this.threads.submit(() -> {
				while (!pact.state().isEnded()) {
					Thread.onSpinWait();
				}
				return cancel ? plain.byCanceller : plain.byCondition;
			});
			Future<Integer> futureReader = this.threads.submit(() -> {
				try {
					future.join();
				}
				catch (java.util.concurrent.CancellationException | java.util.concurrent.CompletionException ex) {
					return plain.byCanceller;
				}
				return plain.byCondition + plain.byThen;
			});
			if (cancel) {
				plain.byCanceller = value;
				pact.cancel();
			}
			else {
				pact.poll();
			}
			List<Integer> seen = new ArrayList<>();
			for (Future<Integer> thread : List.of(awaiter, reader, futureReader)) {
				seen.add(thread.get(10, TimeUnit.SECONDS));
			}
			assertThat(seen).as("round %d (%s): after await, state(), the future", round, cancel ? "cancelled" : "finished")
				.containsExactly(value, value, cancel ? value : 2 * value);
			assertThat(plain.seenByLastly).as("what the lastly of round %d saw", round).isEqualTo(cancel ? value : 0);
		}
	}

}
