package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link Backoff} and its use by {@code await}.
 */
class BackoffTest {

	private final VirtualClock clock = new VirtualClock();

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

	private static Duration millis(long millis) {
		return Duration.ofMillis(millis);
	}

	/** The virtual times of the polls of {@code pact}, recorded by a condition that holds at poll {@code polls}. */
	private List<Duration> recordPolls(Pact pact, int polls) {
		List<Duration> times = new ArrayList<>();
		pact.until(() -> {
			times.add(this.clock.elapsed());
			return times.size() >= polls;
		});
		return times;
	}

	private static List<Duration> gaps(List<Duration> times) {
		List<Duration> gaps = new ArrayList<>();
		for (int i = 1; i < times.size(); i++) {
			gaps.add(times.get(i).minus(times.get(i - 1)));
		}
		return gaps;
	}

	// ---------------------------------------------------------------- the intervals

	@Test
	void fixedReturnsTheSameIntervalEveryTime() {
		Backoff backoff = Backoff.fixed(millis(250));
		for (long polls : new long[] { 0, 1, 2, 10, 1000, Long.MAX_VALUE }) {
			assertThat(backoff.delay(polls)).as("delay(%d)", polls).isEqualTo(millis(250));
		}
		assertThat(backoff.getInitial()).isEqualTo(millis(250));
		assertThat(backoff.getMax()).isEqualTo(millis(250));
		assertThat(backoff.getMultiplier()).isEqualTo(1.0);
		assertThat(backoff.getJitter()).isZero();
	}

	@Test
	void exponentialStartsAtInitialAndMultipliesUpToTheCap() {
		Backoff backoff = Backoff.exponential(seconds(1), seconds(8), 2);
		List<Duration> delays = new ArrayList<>();
		for (long polls = 0; polls < 7; polls++) {
			delays.add(backoff.delay(polls));
		}
		assertThat(delays).containsExactly(seconds(1), seconds(2), seconds(4), seconds(8), seconds(8), seconds(8),
				seconds(8));
		assertThat(backoff.delay(10_000)).isEqualTo(seconds(8));
		assertThat(backoff.delay(Long.MAX_VALUE)).isEqualTo(seconds(8));
		assertThat(backoff.getInitial()).isEqualTo(seconds(1));
		assertThat(backoff.getMax()).isEqualTo(seconds(8));
		assertThat(backoff.getMultiplier()).isEqualTo(2.0);
	}

	@Test
	void exponentialWithAFractionalMultiplier() {
		Backoff backoff = Backoff.exponential(millis(100), seconds(1), 1.5);
		assertThat(backoff.delay(0)).isEqualTo(millis(100));
		assertThat(backoff.delay(1)).isEqualTo(millis(150));
		assertThat(backoff.delay(2)).isEqualTo(millis(225));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofNanos(337_500_000));
		assertThat(backoff.delay(6)).isEqualTo(seconds(1));
	}

	@Test
	void exponentialWithMultiplierOneIsFixed() {
		Backoff backoff = Backoff.exponential(seconds(2), seconds(10), 1);
		assertThat(backoff.delay(0)).isEqualTo(seconds(2));
		assertThat(backoff.delay(50)).isEqualTo(seconds(2));
	}

	@Test
	void jitterShortensEachDelayByAtMostTheFraction() {
		Backoff plain = Backoff.exponential(seconds(1), seconds(8), 2);
		Backoff jittered = plain.withJitter(0.25);
		assertThat(jittered.getJitter()).isEqualTo(0.25);
		assertThat(jittered.getInitial()).isEqualTo(plain.getInitial());
		assertThat(jittered.getMax()).isEqualTo(plain.getMax());
		assertThat(jittered.getMultiplier()).isEqualTo(plain.getMultiplier());
		for (long polls = 0; polls < 6; polls++) {
			Duration full = plain.delay(polls);
			Duration shortest = Duration.ofNanos((long) (full.toNanos() * 0.75));
			Set<Duration> seen = new HashSet<>();
			for (int sample = 0; sample < 500; sample++) {
				Duration delay = jittered.delay(polls);
				assertThat(delay).as("delay(%d)", polls).isBetween(shortest, full);
				seen.add(delay);
			}
			assertThat(seen).as("distinct delays(%d) with jitter", polls).hasSizeGreaterThan(1);
		}
	}

	@Test
	void fullJitterStaysWithinZeroAndTheDelayAndZeroJitterChangesNothing() {
		Backoff full = Backoff.fixed(seconds(1)).withJitter(1);
		for (int sample = 0; sample < 500; sample++) {
			assertThat(full.delay(0)).isPositive().isLessThanOrEqualTo(seconds(1));
		}
		Backoff none = Backoff.fixed(seconds(1)).withJitter(0);
		for (int sample = 0; sample < 100; sample++) {
			assertThat(none.delay(sample)).isEqualTo(seconds(1));
		}
		assertThat(none).isEqualTo(Backoff.fixed(seconds(1)));
	}

	@Test
	void withJitterReturnsANewBackoffAndLeavesTheOriginalAlone() {
		Backoff plain = Backoff.fixed(seconds(1));
		Backoff jittered = plain.withJitter(0.5);
		assertThat(jittered).isNotSameAs(plain).isNotEqualTo(plain);
		assertThat(plain.getJitter()).isZero();
		assertThat(plain.withJitter(0.5)).isEqualTo(jittered).hasSameHashCodeAs(jittered);
	}

	// ---------------------------------------------------------------- invalid values

	@Test
	void fixedRejectsAnIntervalThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(Duration.ZERO))
			.withMessageContaining("interval")
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(millis(-1)))
			.withMessageContaining("interval")
			.withMessageContaining("positive");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> Backoff.fixed(null));
	}

	@Test
	void exponentialRejectsAnInitialThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(Duration.ZERO, seconds(8), 2))
			.withMessageContaining("initial")
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(seconds(-1), seconds(8), 2))
			.withMessageContaining("initial")
			.withMessageContaining("positive");
	}

	@Test
	void exponentialRejectsAMaxBelowInitial() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(seconds(2), seconds(1), 2))
			.withMessageContaining("max")
			.withMessageContaining("at least initial");
		assertThat(Backoff.exponential(seconds(2), seconds(2), 2).delay(5)).isEqualTo(seconds(2));
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> Backoff.exponential(seconds(1), null, 2));
	}

	@Test
	void exponentialRejectsAMultiplierBelowOneOrNotFinite() {
		for (double multiplier : new double[] { 0.99, 0, -2, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThatIllegalArgumentException().as("multiplier %s", multiplier)
				.isThrownBy(() -> Backoff.exponential(seconds(1), seconds(8), multiplier))
				.withMessageContaining("multiplier")
				.withMessageContaining("at least 1");
		}
	}

	@Test
	void withJitterRejectsAFractionOutsideZeroToOne() {
		for (double fraction : new double[] { -0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThatIllegalArgumentException().as("fraction %s", fraction)
				.isThrownBy(() -> Backoff.fixed(seconds(1)).withJitter(fraction))
				.withMessageContaining("fraction")
				.withMessageContaining("between 0 and 1");
		}
	}

	@Test
	void theBuilderRejectsANullBackoff() {
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> Pact.builder("x").backoff(null));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> PactGroup.builder().backoff(null));
	}

	// ---------------------------------------------------------------- getters

	@Test
	void getBackoffAndGetPollIntervalReportWhatTheBuilderWasGiven() {
		Backoff backoff = Backoff.exponential(millis(500), seconds(30), 3);
		Pact pact = Pact.builder("export").backoff(backoff).build();
		assertThat(pact.getBackoff()).isSameAs(backoff);
		assertThat(pact.getPollInterval()).isEqualTo(millis(500));

		Pact byDefault = new Pact("default");
		assertThat(byDefault.getBackoff()).isEqualTo(Backoff.fixed(seconds(1)));
		assertThat(byDefault.getPollInterval()).isEqualTo(seconds(1));

		Pact withInterval = Pact.builder("interval").pollInterval(millis(200)).build();
		assertThat(withInterval.getBackoff()).isEqualTo(Backoff.fixed(millis(200)));
		assertThat(withInterval.getPollInterval()).isEqualTo(millis(200));

		PactGroup group = PactGroup.builder().backoff(backoff).build();
		assertThat(group.getBackoff()).isSameAs(backoff);
		assertThat(group.getPollInterval()).isEqualTo(millis(500));
		assertThat(new PactGroup().getPollInterval()).isEqualTo(seconds(1));
	}

	@Test
	void theLastOfBackoffAndPollIntervalWins() {
		Pact pact = Pact.builder("x").backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.pollInterval(seconds(3))
			.build();
		assertThat(pact.getBackoff()).isEqualTo(Backoff.fixed(seconds(3)));
		Pact other = Pact.builder("y").pollInterval(seconds(3))
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.build();
		assertThat(other.getBackoff()).isEqualTo(Backoff.exponential(seconds(1), seconds(8), 2));
	}

	// ---------------------------------------------------------------- await uses the backoff

	@Test
	void awaitSleepsTheExponentialIntervalsBetweenPolls() {
		Pact pact = Pact.builder("export").clock(this.clock)
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.build();
		List<Duration> times = recordPolls(pact, 8);
		pact.await();
		assertThat(times).first().isEqualTo(Duration.ZERO);
		assertThat(gaps(times)).containsExactly(seconds(1), seconds(2), seconds(4), seconds(8), seconds(8), seconds(8),
				seconds(8));
		assertThat(this.clock.elapsed()).isEqualTo(seconds(39));
	}

	@Test
	void eachAwaitStartsItsBackoffAfresh() {
		Pact pact = Pact.builder("export").clock(this.clock)
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.build();
		List<Duration> times = recordPolls(pact, 100);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(seconds(7)));
		int firstAwait = times.size();
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(seconds(3)));
		assertThat(gaps(times.subList(firstAwait, times.size()))).containsExactly(seconds(1), seconds(2));
	}

	@Test
	void theLastSleepOfABackoffIsCutToTheTimeLeft() {
		Pact pact = Pact.builder("export").clock(this.clock)
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.build();
		List<Duration> times = recordPolls(pact, 100);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(seconds(10)));
		assertThat(times).containsExactly(seconds(0), seconds(1), seconds(3), seconds(7), seconds(10));
		assertThat(this.clock.elapsed()).isEqualTo(seconds(10));
	}

	@Test
	void anExplicitPollIntervalOverridesTheBackoff() {
		Pact pact = Pact.builder("export").clock(this.clock)
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2))
			.build();
		List<Duration> times = recordPolls(pact, 4);
		pact.await(null, seconds(5));
		assertThat(gaps(times)).containsExactly(seconds(5), seconds(5), seconds(5));
	}

	@Test
	void awaitWithJitterSleepsWithinTheJitteredBounds() {
		Pact pact = Pact.builder("export").clock(this.clock)
			.backoff(Backoff.exponential(seconds(1), seconds(8), 2).withJitter(0.5))
			.build();
		List<Duration> times = recordPolls(pact, 7);
		pact.await();
		List<Duration> gaps = gaps(times);
		List<Duration> full = List.of(seconds(1), seconds(2), seconds(4), seconds(8), seconds(8), seconds(8));
		assertThat(gaps).hasSameSizeAs(full);
		for (int i = 0; i < gaps.size(); i++) {
			assertThat(gaps.get(i)).as("gap %d", i).isBetween(full.get(i).dividedBy(2), full.get(i));
		}
	}

	@Test
	void aGroupsAwaitUsesTheGroupsBackoff() {
		Pact member = Pact.builder("member").clock(this.clock).build();
		List<Duration> times = recordPolls(member, 5);
		PactGroup group = PactGroup.builder().clock(this.clock)
			.backoff(Backoff.exponential(seconds(2), seconds(5), 2))
			.build()
			.add(member);
		group.await();
		assertThat(gaps(times)).containsExactly(seconds(2), seconds(4), seconds(5), seconds(5));
	}

	@Test
	void toStringIsTheFactoryCallThatMakesIt() {
		assertThat(Backoff.fixed(seconds(1))).hasToString("Backoff.fixed(PT1S)");
		assertThat(Backoff.exponential(millis(100), seconds(8), 2))
			.hasToString("Backoff.exponential(PT0.1S, PT8S, 2.0)");
		assertThat(Backoff.exponential(seconds(1), seconds(8), 1.5).withJitter(0.25))
			.hasToString("Backoff.exponential(PT1S, PT8S, 1.5).withJitter(0.25)");
		assertThat(Backoff.fixed(seconds(2)).withJitter(0.1)).hasToString("Backoff.fixed(PT2S).withJitter(0.1)");
	}

}
