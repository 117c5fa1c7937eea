package org.pactlib;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

@Timeout(10)
class ClocksTest {

	// --- PactClock.system() ---

	@Test
	void systemClockIsOneSharedInstance() {
		assertThat(PactClock.system()).isNotNull().isSameAs(PactClock.system());
		assertThat(PactClock.system()).isNotInstanceOf(VirtualClock.class);
	}

	@Test
	void systemClockFollowsSystemNanoTime() {
		PactClock clock = PactClock.system();
		long before = System.nanoTime();
		long now = clock.nanoTime();
		long after = System.nanoTime();
		assertThat(now).isBetween(before, after);
	}

	@Test
	void systemClockSleepOfZeroReturns() throws InterruptedException {
		long before = System.nanoTime();
		PactClock.system().sleep(Duration.ZERO);
		assertThat(System.nanoTime() - before).isLessThan(Duration.ofSeconds(1).toNanos());
	}

	@Test
	void systemClockSleepOfAnInterruptedThreadThrowsInterruptedException() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> PactClock.system().sleep(Duration.ofSeconds(30)));
		}
		finally {
			Thread.interrupted();
		}
	}

	// --- VirtualClock ---

	@Test
	void virtualClockIsAPactClock() {
		assertThat(PactClock.class).isAssignableFrom(VirtualClock.class);
	}

	@Test
	void virtualClockStandsStillUntilAdvanced() {
		VirtualClock clock = new VirtualClock();
		long start = clock.nanoTime();
		assertThat(clock.nanoTime()).isEqualTo(start);
		assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void advanceMovesTheTimeForwardByExactlyTheDuration() {
		VirtualClock clock = new VirtualClock();
		long start = clock.nanoTime();
		clock.advance(Duration.ofMillis(1500));
		assertThat(clock.nanoTime() - start).isEqualTo(1_500_000_000L);
		clock.advance(Duration.ofNanos(1));
		assertThat(clock.nanoTime() - start).isEqualTo(1_500_000_001L);
		assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(1_500_000_001L));
	}

	@Test
	void advanceByZeroDoesNothing() {
		VirtualClock clock = new VirtualClock();
		clock.advance(Duration.ofSeconds(2));
		clock.advance(Duration.ZERO);
		assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void sleepAdvancesTheTimeAtOnceAndReturns() throws InterruptedException {
		VirtualClock clock = new VirtualClock();
		long start = clock.nanoTime();
		long realStart = System.nanoTime();
		clock.sleep(Duration.ofHours(1));
		assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofHours(1).toNanos());
		assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(5).toNanos());
		clock.sleep(Duration.ofSeconds(2));
		assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1).plusSeconds(2));
	}

	@Test
	void virtualClocksAreIndependent() {
		VirtualClock a = new VirtualClock();
		VirtualClock b = new VirtualClock();
		a.advance(Duration.ofSeconds(3));
		assertThat(b.elapsed()).isEqualTo(Duration.ZERO);
		assertThat(a.elapsed()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void sleepOfAnInterruptedThreadThrowsAndDoesNotAdvance() {
		VirtualClock clock = new VirtualClock();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> clock.sleep(Duration.ofSeconds(1)));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void negativeAdvanceOrSleepIsIllegalArgumentNamingIt() {
		VirtualClock clock = new VirtualClock();
		assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
			.withMessageContaining("duration");
		assertThatIllegalArgumentException().isThrownBy(() -> clock.sleep(Duration.ofNanos(-1)))
			.withMessageContaining("duration");
		assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void nullAdvanceOrSleepIsNullPointerException() {
		VirtualClock clock = new VirtualClock();
		assertThatNullPointerException().isThrownBy(() -> clock.advance(null));
		assertThatNullPointerException().isThrownBy(() -> clock.sleep(null));
		assertThatNullPointerException().isThrownBy(() -> PactClock.system().sleep(null));
	}

	@Test
	void pactMeasuresItsDeadlineOnItsVirtualClock() {
		VirtualClock clock = new VirtualClock();
		Pact pact = Pact.builder("x").clock(clock).timeout(Duration.ofSeconds(10)).build().until(() -> false);
		clock.advance(Duration.ofSeconds(9));
		assertThat(pact.remaining()).isEqualTo(Duration.ofSeconds(1));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(pact::await)
			.withMessage("Timeout of 1.0 seconds expired waiting for <Pact: x>");
		assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	// --- a PactClock of one's own ---

	/** Implements only what the interface requires. */
	private static final class RecordingClock implements PactClock {

		private long nanos = 42;

		private final List<Duration> sleeps = new ArrayList<>();

		@Override
		public long nanoTime() {
			return this.nanos;
		}

		@Override
		public void sleep(Duration duration) {
			this.sleeps.add(duration);
			this.nanos += duration.toNanos();
		}

	}

	@Test
	void pactClockOfOnesOwnNeedsOnlyNanoTimeAndSleep() {
		RecordingClock clock = new RecordingClock();
		Pact pact = Pact.builder("x").clock(clock).build().until(() -> false);
		assertThatExceptionOfType(TimeoutExpiredException.class)
			.isThrownBy(() -> pact.await(Duration.ofMillis(2500)))
			.withMessage("Timeout of 2.5 seconds expired waiting for <Pact: x>");
		assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
	}

	@Test
	void aClockOfOnesOwnParksBySleepingUnlessTheWakeUpIsDone() throws InterruptedException {
		RecordingClock clock = new RecordingClock();
		clock.park(Duration.ofSeconds(3), new CompletableFuture<>());
		assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(3));
		clock.park(Duration.ofSeconds(3), CompletableFuture.completedFuture(null));
		assertThat(clock.sleeps).as("a wake-up already done").containsExactly(Duration.ofSeconds(3));
	}

	@Test
	void aPactOnAClockWhoseNanoTimeIsNegativeMeetsItsDeadline() {
		RecordingClock clock = new RecordingClock();
		clock.nanos = -Duration.ofSeconds(10).toNanos();
		Pact pact = Pact.builder("x").clock(clock).timeout(Duration.ofSeconds(10)).build().until(() -> false);
		assertThat(pact.remaining()).isEqualTo(Duration.ofSeconds(10));
		clock.sleep(Duration.ofSeconds(9));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.isDeadlinePassed()).isFalse();
		clock.sleep(Duration.ofSeconds(1));
		assertThat(pact.poll()).isFalse();
		assertThat(pact.isDeadlinePassed()).as("deadline at nanoTime 0").isTrue();
		assertThat(pact.toCompletableFuture()).isCompletedExceptionally();
	}

	@Test
	void aVirtualClocksInstantFollowsItsNanosecondsFromItsOriginAndStopsWhereTheTimeSaturates() {
		Instant origin = Instant.parse("2026-12-01T10:00:00Z");
		VirtualClock clock = new VirtualClock(origin);
		assertThat(clock.instant()).isEqualTo(origin);
		clock.advance(Duration.ofMillis(1500));
		assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T10:00:01.500Z"));
		clock.advance(Duration.ofDays(365L * 1000));
		assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
		assertThat(clock.instant()).isEqualTo(origin.plusSeconds(Long.MAX_VALUE / 1_000_000_000L));
	}

	@Test
	void aThreadParkedOnAVirtualClockWithAPlainFutureReturnsWhenTheFutureIsDone() throws Exception {
		VirtualClock clock = new VirtualClock();
		FutureTask<Void> wakeUp = new FutureTask<>(() -> null);
		CountDownLatch returned = new CountDownLatch(1);
		Thread parker = new Thread(() -> {
			try {
				clock.park(Duration.ofDays(1), wakeUp);
				returned.countDown();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		parker.start();
		try {
			assertThat(returned.await(50, TimeUnit.MILLISECONDS)).as("parked until the future is done").isFalse();
			wakeUp.run();
			assertThat(returned.await(10, TimeUnit.SECONDS)).as("returned once the future is done").isTrue();
			assertThat(clock.nanoTime()).as("parking never moves the clock").isZero();
		}
		finally {
			parker.interrupt();
			parker.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void theSystemClockSaysWhatItIs() {
		assertThat(PactClock.system()).hasToString("PactClock.system()");
	}

}
