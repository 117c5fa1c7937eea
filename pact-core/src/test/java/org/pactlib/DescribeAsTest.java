package org.pactlib;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Pact#describeAs(Pact)}: a pact that stands for another reports the other's
 * description and conditions, and keeps its own outcome.
 */
class DescribeAsTest {

	private final VirtualClock clock = new VirtualClock();

	@Test
	void reportsTheOthersDescriptionConditionsAndIgnoredException() {
		Pact other = Pact.builder("Purging /data/x")
			.clock(this.clock)
			.ignoreExceptions(IllegalStateException.class)
			.build()
			.until(() -> true)
			.until(() -> {
				throw new IllegalStateException("503");
			});
		other.poll();
		Pact pact = Pact.builder("ExportService.purge(/data/x)").clock(this.clock).build().until(() -> false);
		assertThat(pact.describeAs(other)).isSameAs(pact);
		assertThat(pact.getDescription()).isEqualTo("Purging /data/x");
		assertThat(pact).hasToString("<Pact: Purging /data/x>");
		assertThat(pact.getConditionCount()).isEqualTo(2);
		assertThat(pact.getHeldConditionCount()).isEqualTo(1);
		assertThat(pact.getLastIgnoredException()).hasMessage("503");
		assertThat(pact.poll()).as("its own condition still decides").isFalse();
		assertThatThrownBy(() -> pact.await(Duration.ofSeconds(1))).isInstanceOf(TimeoutExpiredException.class)
			.hasMessageContaining("Purging /data/x")
			.satisfies((ex) -> assertThat(((TimeoutExpiredException) ex).getPending()).singleElement()
				.hasToString("<Pact: Purging /data/x> (1 of 2 conditions held), last ignored: "
						+ "java.lang.IllegalStateException: 503"));
	}

	@Test
	void refusesACycle() {
		Pact first = new Pact("first");
		Pact second = new Pact("second").describeAs(first);
		assertThatIllegalArgumentException().isThrownBy(() -> first.describeAs(second));
		assertThatIllegalArgumentException().isThrownBy(() -> first.describeAs(first));
		assertThat(first.getDescription()).isEqualTo("first");
	}

}
