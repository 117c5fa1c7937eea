package org.pactlib;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a pact records of its polls, on a clock that does not start at zero: how many there were, when
 * the last one ended, and what a poll at a given time returns.
 */
class PollRecordTest {

	private final VirtualClock clock = new VirtualClock();

	@Test
	void aPactKnowsWhenItsLastPollEndedOnItsClock() {
		this.clock.advance(Duration.ofSeconds(100));
		Instant createdAt = this.clock.instant();
		Pact pact = Pact.builder("report").clock(this.clock).build().until(() -> false);
		assertThat(pact.getCreatedAt()).isEqualTo(createdAt);
		assertThat(pact.getPollCount()).isZero();
		assertThat(pact.getLastPolledAt()).as("before the first poll").isNull();

		this.clock.advance(Duration.ofSeconds(3));
		pact.poll();
		assertThat(pact.getPollCount()).isOne();
		assertThat(pact.getLastPolledAt()).isEqualTo(createdAt.plusSeconds(3));

		this.clock.advance(Duration.ofSeconds(2));
		pact.poll();
		assertThat(pact.getPollCount()).isEqualTo(2);
		assertThat(pact.getLastPolledAt()).isEqualTo(createdAt.plusSeconds(5));
	}

	@Test
	void aPollAtAGivenTimeSaysWhetherThePactFinishedAndRecordsThatTime() {
		this.clock.advance(Duration.ofSeconds(100));
		Instant createdAt = this.clock.instant();
		boolean[] done = { false };
		Pact pact = Pact.builder("export").clock(this.clock).build().until(() -> done[0]);
		long createdNanos = this.clock.nanoTime();

		assertThat(pact.tryPoll(createdNanos + Duration.ofSeconds(4).toNanos())).isFalse();
		assertThat(pact.getLastPolledAt()).isEqualTo(createdAt.plusSeconds(4));
		done[0] = true;
		assertThat(pact.tryPoll(createdNanos + Duration.ofSeconds(6).toNanos())).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(pact.getLastPolledAt()).isEqualTo(createdAt.plusSeconds(6));
		assertThat(pact.tryPoll(createdNanos + Duration.ofSeconds(7).toNanos())).as("once finished").isTrue();
	}

}
