package org.pactlib;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A poll finds a pact's deadline passed from the very nanosecond its timeout has elapsed since it was
 * created, and not one nanosecond earlier, whatever the clock read when it was created; and it stays
 * passed once the pact ends.
 */
class DeadlineBoundaryTest {

	private final VirtualClock clock = new VirtualClock();

	private Pact pendingFor(Duration timeout) {
		return Pact.builder("Deleting /a").clock(this.clock).timeout(timeout).build().until(() -> false);
	}

	@Test
	void aPollOneNanosecondBeforeTheDeadlineLeavesItAhead() {
		this.clock.advance(Duration.ofSeconds(5));
		Pact pact = pendingFor(Duration.ofSeconds(1));
		CompletableFuture<Void> future = pact.toCompletableFuture();
		this.clock.advance(Duration.ofSeconds(1).minusNanos(1));
		pact.poll();
		assertThat(pact.isDeadlinePassed()).isFalse();
		assertThat(future).isNotDone();
	}

	@Test
	void aPollAtTheDeadlineFindsItPassed() {
		this.clock.advance(Duration.ofSeconds(5));
		Pact pact = pendingFor(Duration.ofSeconds(1));
		CompletableFuture<Void> future = pact.toCompletableFuture();
		this.clock.advance(Duration.ofSeconds(1));
		pact.poll();
		assertThat(pact.isDeadlinePassed()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join)
			.withCauseInstanceOf(TimeoutExpiredException.class);
	}

	@Test
	void aPassedDeadlineStaysPassedOnceThePactEnds() {
		Pact pact = pendingFor(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		pact.poll();
		pact.cancel();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(pact.isDeadlinePassed()).isTrue();
	}

	@Test
	void aOneNanosecondTimeoutPassesOneNanosecondAfterCreationNotAtIt() {
		this.clock.advance(Duration.ofSeconds(5));
		Pact pact = pendingFor(Duration.ofNanos(1));
		pact.poll();
		assertThat(pact.isDeadlinePassed()).as("polled at its creation time").isFalse();
		this.clock.advance(Duration.ofNanos(1));
		pact.poll();
		assertThat(pact.isDeadlinePassed()).isTrue();
	}

}
