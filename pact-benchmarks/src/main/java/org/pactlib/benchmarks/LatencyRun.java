package org.pactlib.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.pactlib.Backoff;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

/**
 * A child JVM that measures how long a registered pact takes from its stage completing to its
 * {@code then} callback: pacts {@code untilComplete(stage)} on a registry with default settings, at a
 * fixed 1 s interval, created in batches and left until their first poll is over; then this thread
 * completes their stages one at a time, each after the previous callback ran and a short pause, so
 * that no sample waits behind another. The first batch is a warm-up.
 *
 * <p>Arguments: {@code samples}, {@code warmup}. Results: {@code p50_us}, {@code p99_us},
 * {@code max_us}, {@code missed} (callbacks that did not come within a second).
 */
public final class LatencyRun {

	private static final int BATCH = 500;

	private LatencyRun() {
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> arguments = ChildProtocol.arguments(args);
		int samples = Integer.parseInt(arguments.getOrDefault("samples", "2000"));
		int warmup = Integer.parseInt(arguments.getOrDefault("warmup", "500"));

		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(JvmProbes.daemonThreads("latency-scheduler-"));
		PactRegistry registry = PactRegistry.builder(scheduler).build();
		PactFactory factory = new PactFactory(registry, new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true));

		int total = warmup + samples;
		long[] delays = new long[total];
		long[] completedAt = new long[total];
		Semaphore called = new Semaphore(0);
		int missed = 0;
		for (int batchStart = 0; batchStart < total; batchStart += BATCH) {
			int batchEnd = Math.min(total, batchStart + BATCH);
			@SuppressWarnings("unchecked")
			CompletableFuture<Void>[] stages = new CompletableFuture[batchEnd - batchStart];
			for (int i = batchStart; i < batchEnd; i++) {
				int sample = i;
				CompletableFuture<Void> stage = new CompletableFuture<>();
				stages[i - batchStart] = stage;
				factory.builder("x").untilComplete(stage).then(() -> {
					delays[sample] = System.nanoTime() - completedAt[sample];
					called.release();
				}).create();
			}
			JvmProbes.sleep(300);
			for (int i = batchStart; i < batchEnd; i++) {
				completedAt[i] = System.nanoTime();
				stages[i - batchStart].complete(null);
				if (!awaitCallback(called, delays, i)) {
					missed++;
					delays[i] = -1;
				}
				LockSupport.parkNanos(200_000);
			}
		}

		long[] measured = Arrays.stream(delays, warmup, total).filter((delay) -> delay >= 0).toArray();
		Percentiles percentiles = new Percentiles(measured);
		ChildProtocol.emit("p50_us", percentiles.at(50) / 1e3);
		ChildProtocol.emit("p99_us", percentiles.at(99) / 1e3);
		ChildProtocol.emit("max_us", percentiles.max() / 1e3);
		ChildProtocol.emit("missed", missed);
		System.exit(0);
	}

	// a permit left by a callback that came after its timeout is not this sample's: wait on
	private static boolean awaitCallback(Semaphore called, long[] delays, int sample) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (delays[sample] == 0) {
			long left = end - System.nanoTime();
			if (left <= 0 || !called.tryAcquire(left, TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		return true;
	}

}
