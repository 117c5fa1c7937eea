package org.pactlib.benchmarks;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

/**
 * A child JVM that measures the heap retained per pending registered pact: the used heap after full
 * collections, before and after registering N pacts through a {@link PactFactory} that stay pending
 * (a long fixed interval, so that they are quiet while the heap is read), divided by N. Every pact
 * shares one condition instance and one description, so neither is counted; the array that holds the
 * pacts is allocated before the first reading.
 *
 * <p>Arguments: {@code n}, {@code intervalMillis} (60 s by default). Results: {@code bytes_per_pact},
 * {@code polled} (the share of the pacts polled once when the heap was read: 1 normally, since a
 * registration polls at once), {@code pending}.
 */
public final class MemoryRun {

	private MemoryRun() {
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 */
	public static void main(String[] args) {
		Map<String, String> arguments = ChildProtocol.arguments(args);
		int n = Integer.parseInt(arguments.get("n"));
		long intervalMillis = Long.parseLong(arguments.getOrDefault("intervalMillis", "60000"));

		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(JvmProbes.daemonThreads("memory-scheduler-"));
		PactRegistry registry = PactRegistry.builder(scheduler).maxPacts(n + 1).build();
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofMillis(intervalMillis)), true));
		LongAdder polls = new LongAdder();
		BooleanSupplier never = () -> {
			polls.increment();
			return false;
		};
		// one pact polled and its callbacks run once, so that the classes and the registry's structures exist
		Pact first = factory.create("x", never);
		awaitPolls(polls, 1);
		Pact[] pacts = new Pact[n];

		long before = JvmProbes.usedHeapAfterGc();
		for (int i = 0; i < n; i++) {
			pacts[i] = factory.create("x", never);
		}
		awaitPolls(polls, n + 1);
		long polled = polls.sum() - 1;
		JvmProbes.sleep(200);
		long after = JvmProbes.usedHeapAfterGc();

		ChildProtocol.emit("bytes_per_pact", (double) (after - before) / n);
		ChildProtocol.emit("polled", Math.min(1, (double) polled / n));
		ChildProtocol.emit("pending", registry.size());
		Reference.reachabilityFence(pacts);
		Reference.reachabilityFence(first);
		System.exit(0);
	}

	// a registration's first poll happens at once, on a poller thread: wait until all have been polled
	// (for 20 s at most, in case an engine polls first after an interval; the share polled is reported)
	private static void awaitPolls(LongAdder polls, long expected) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (polls.sum() < expected && System.nanoTime() < end) {
			JvmProbes.sleep(20);
		}
	}

}
