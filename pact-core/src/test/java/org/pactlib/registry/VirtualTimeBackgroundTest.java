package org.pactlib.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactInterruptedException;
import org.pactlib.TimeoutExpiredException;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Awaiting pacts that a registry polls on a {@link VirtualClock}: the waiting thread parks, and only
 * the test moves the time.
 */
class VirtualTimeBackgroundTest {

	private static final Duration AT_MOST = Duration.ofSeconds(5);

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock();

	private final ScheduledExecutorService scheduler = this.resources.track(Executors.newScheduledThreadPool(2));

	private final PactRegistry registry = this.resources.track(PactRegistry.builder(this.scheduler)
		.clock(this.clock)
		.tick(Duration.ofMillis(5))
		.build());

	private final PactFactory factory = new PactFactory(this.registry,
			new PactDefaults(Duration.ofSeconds(30), Backoff.fixed(Duration.ofSeconds(1)), true));

	@Test
	void awaitingAPactThatTheRegistryFinishesMovesNoVirtualTime() {
		Pact pact = this.factory.create("ready at once", () -> true);
		pact.await();
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void awaitWaitsForTheTestToAdvanceTheClock() throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		Pact pact = this.factory.create("done when told", done::get);
		Future<?> waiter = this.resources.track(Executors.newSingleThreadExecutor()).submit(() -> pact.await());
		await().atMost(AT_MOST).until(() -> pact.getPollCount() == 1);
		assertThat(waiter).isNotDone();
		done.set(true);
		this.clock.advance(Duration.ofSeconds(1));
		waiter.get(5, TimeUnit.SECONDS);
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void awaitTimesOutWhenTheTestAdvancesPastTheTimeout() throws Exception {
		Pact pact = this.factory.create("never done", () -> false);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				pact.await(Duration.ofSeconds(10));
				outcome.complete(null);
			}
			catch (RuntimeException ex) {
				outcome.complete(ex);
			}
		});
		waiter.start();
		await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(outcome).isNotDone();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(TimeoutExpiredException.class)
			.hasMessage("Timeout of 10 seconds expired waiting for <Pact: never done>");
	}

	@Test
	void parkReturnsWhenWokenOrWhenAdvancedButNeverMovesTheClock() throws Exception {
		CompletableFuture<Void> wakeUp = new CompletableFuture<>();
		CompletableFuture<Void> parked = CompletableFuture.runAsync(() -> {
			try {
				this.clock.park(Duration.ofHours(1), wakeUp);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(parked).isNotDone();
		wakeUp.complete(null);
		parked.get(5, TimeUnit.SECONDS);
		assertThat(this.clock.elapsed()).isZero();
		this.clock.park(Duration.ZERO, new CompletableFuture<>());
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void aThreadParkedInAwaitCanBeInterrupted() throws Exception {
		Pact pact = this.factory.create("never done", () -> false);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				pact.await();
			}
			catch (RuntimeException ex) {
				outcome.complete(Thread.currentThread().isInterrupted() ? ex : new AssertionError("flag cleared"));
			}
		});
		waiter.start();
		await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		waiter.interrupt();
		assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(PactInterruptedException.class)
			.hasMessageContaining("<Pact: never done>");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.clock.park(Duration.ofSeconds(-1), new CompletableFuture<>()));
	}

}
