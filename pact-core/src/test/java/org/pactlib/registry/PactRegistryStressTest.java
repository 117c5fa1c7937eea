package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many pacts registered from several threads, with conditions that come true at random moments (by
 * time, by another thread flipping a flag, by a stage completing), some awaited, while another thread
 * reads snapshots: every pact ends, every {@code then} and {@code lastly} runs exactly once, and the
 * registry ends empty.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistryStressTest {

	private static final int THREADS = 4;

	private static final int PACTS_PER_THREAD = 500;

	private static final int PACTS = THREADS * PACTS_PER_THREAD;

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	@Test
	void manyPactsRegisteredFromSeveralThreadsAllEndAndEveryCallbackRunsOnce() throws Exception {
		AtomicInteger registeredEvents = new AtomicInteger();
		AtomicInteger finishedEvents = new AtomicInteger();
		AtomicInteger otherEndEvents = new AtomicInteger();
		Queue<Throwable> pollFailures = new ConcurrentLinkedQueue<>();
		PactRegistryListener counting = new PactRegistryListener() {

			@Override
			public void registered(RegisteredPact pact) {
				registeredEvents.incrementAndGet();
			}

			@Override
			public void ended(RegisteredPact pact, PactState outcome) {
				(outcome == PactState.FINISHED ? finishedEvents : otherEndEvents).incrementAndGet();
			}

			@Override
			public void pollFailed(RegisteredPact pact, Throwable failure) {
				pollFailures.add(failure);
			}

		};
		String pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.tick(Duration.ofMillis(5)).threadNamePrefix(pollerPrefix).listener(counting).build());
		ScheduledExecutorService flipper = this.resources.track(Executors.newScheduledThreadPool(2,
				(task) -> new Thread(task, "pact-test-flipper")));
		ExecutorService registering = this.resources.track(Executors.newFixedThreadPool(THREADS + 1,
				(task) -> new Thread(task, "pact-test-registering")));

		AtomicIntegerArray thens = new AtomicIntegerArray(PACTS);
		AtomicIntegerArray lastlies = new AtomicIntegerArray(PACTS);
		AtomicReferenceArray<Pact> pacts = new AtomicReferenceArray<>(PACTS);
		AtomicBoolean allRegistered = new AtomicBoolean();
		CyclicBarrier start = new CyclicBarrier(THREADS);
		long startNanos = System.nanoTime();

		// another thread reads snapshots all along
		Future<Integer> observer = registering.submit(() -> {
			int reads = 0;
			while (!(allRegistered.get() && registry.size() == 0)) {
				for (PactSnapshot snapshot : registry.snapshot()) {
					registry.find(snapshot.id());
				}
				reads++;
				if (System.nanoTime() - startNanos > TimeUnit.SECONDS.toNanos(30)) {
					break;
				}
			}
			return reads;
		});
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int first = t * PACTS_PER_THREAD;
			workers.add(registering.submit(() -> {
				start.await(10, TimeUnit.SECONDS);
				List<Pact> awaited = new ArrayList<>();
				for (int i = first; i < first + PACTS_PER_THREAD; i++) {
					Pact pact = newPact(i, flipper, thens, lastlies);
					pacts.set(i, pact);
					registry.register(pact, "stress." + (i % 5));
					if (i % 50 == 0) {
						awaited.add(pact);
					}
				}
				for (Pact pact : awaited) {
					pact.await(Duration.ofSeconds(15));
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(20, TimeUnit.SECONDS);
		}
		allRegistered.set(true);

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> registry.size() == 0 && finishedEvents.get() == PACTS);
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

		for (int i = 0; i < PACTS; i++) {
			assertThat(pacts.get(i).state()).as(pacts.get(i).toString()).isEqualTo(PactState.FINISHED);
			assertThat(thens.get(i)).as("then of pact %d", i).isOne();
			assertThat(lastlies.get(i)).as("lastly of pact %d", i).isOne();
		}
		assertThat(registry.snapshot()).isEmpty();
		assertThat(registeredEvents.get()).isEqualTo(PACTS);
		assertThat(otherEndEvents.get()).isZero();
		assertThat(pollFailures).isEmpty();
		assertThat(observer.get(10, TimeUnit.SECONDS)).isPositive();
		assertThat(elapsedMillis).as("took %d ms", elapsedMillis).isLessThan(15_000);
	}

	/** A pact whose conditions come true at a random moment within a second, in one of four ways. */
	private static Pact newPact(int index, ScheduledExecutorService flipper, AtomicIntegerArray thens,
			AtomicIntegerArray lastlies) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Pact pact = Pact.builder("stress " + index).pollInterval(Duration.ofMillis(10)).lazy(index % 3 != 0).build();
		switch (index % 4) {
			case 0 -> {
				long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextLong(0, 1000));
				pact.until(() -> System.nanoTime() - at >= 0);
			}
			case 1 -> {
				AtomicBoolean flag = new AtomicBoolean();
				flipper.schedule(() -> flag.set(true), random.nextLong(0, 1000), TimeUnit.MILLISECONDS);
				pact.until(flag::get);
			}
			case 2 -> {
				CompletableFuture<Void> stage = new CompletableFuture<>();
				flipper.schedule(() -> stage.complete(null), random.nextLong(0, 1000), TimeUnit.MILLISECONDS);
				pact.untilComplete(stage);
			}
			default -> {
				AtomicBoolean flag = new AtomicBoolean();
				flipper.schedule(() -> flag.set(true), random.nextLong(0, 1000), TimeUnit.MILLISECONDS);
				long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextLong(0, 1000));
				pact.until(flag::get).until(() -> System.nanoTime() - at >= 0);
			}
		}
		return pact.then(() -> thens.incrementAndGet(index)).lastly(() -> lastlies.incrementAndGet(index));
	}

}
