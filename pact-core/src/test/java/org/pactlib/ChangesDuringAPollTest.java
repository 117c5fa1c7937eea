package org.pactlib;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A condition added from inside the pact's own poll (by a {@code during} callback, on the thread that
 * holds the poll) applies at once: that very poll evaluates it and cannot finish the pact without it.
 */
class ChangesDuringAPollTest {

	@Test
	void aConditionAddedByADuringCallbackKeepsThatPollFromFinishingThePact() {
		AtomicBoolean added = new AtomicBoolean();
		AtomicBoolean laterHolds = new AtomicBoolean();
		AtomicInteger laterEvaluations = new AtomicInteger();
		Pact pact = Pact.builder("Deleting /a").clock(new VirtualClock()).build().until(() -> true);
		pact.during(() -> {
			if (!added.getAndSet(true)) {
				pact.until(() -> {
					laterEvaluations.incrementAndGet();
					return laterHolds.get();
				});
			}
		});

		assertThat(pact.poll()).isFalse();
		assertThat(laterEvaluations.get()).as("the added condition, in the poll that added it").isOne();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		laterHolds.set(true);
		assertThat(pact.poll()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
	}

}
