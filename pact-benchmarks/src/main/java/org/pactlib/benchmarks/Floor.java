package org.pactlib.benchmarks;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The megamorphic floor, measured by a hand loop in the JVM that measures the sweep: one pass calls
 * each of N conditions once from one call site that sees all eight classes. Samples of at least 10 ms
 * of passes are taken for a warm-up time (so that the pass is compiled by C2 and the call site
 * profiled as megamorphic), then for a measuring time; the result is the lower quartile of the
 * samples, in nanoseconds per condition: other processes on the machine only ever slow a sample down,
 * and a floor that they inflated would flatter the sweep compared with it.
 */
public final class Floor {

	private static final long SAMPLE_NANOS = 10_000_000;

	private static volatile long sink;

	private Floor() {
	}

	/**
	 * Measures the floor.
	 * @param conditions the conditions to call
	 * @param warmupMillis how long to run before measuring
	 * @param measureMillis how long to measure
	 * @return the lower quartile of the samples, in nanoseconds per condition call
	 */
	public static double nanosPerCall(Conditions conditions, long warmupMillis, long measureMillis) {
		BooleanSupplier[] all = conditions.all();
		long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
		while (System.nanoTime() < warmupEnd) {
			sample(all);
		}
		double[] samples = new double[1024];
		int count = 0;
		long measureEnd = System.nanoTime() + measureMillis * 1_000_000;
		while (count < samples.length && (count < 5 || System.nanoTime() < measureEnd)) {
			samples[count++] = sample(all);
		}
		double[] taken = Arrays.copyOf(samples, count);
		Arrays.sort(taken);
		return taken[count / 4];
	}

	private static double sample(BooleanSupplier[] all) {
		long calls = 0;
		long start = System.nanoTime();
		long elapsed;
		do {
			sink += pass(all);
			calls += all.length;
			elapsed = System.nanoTime() - start;
		}
		while (elapsed < SAMPLE_NANOS);
		return (double) elapsed / calls;
	}

	/**
	 * Calls every condition once.
	 * @param all the conditions
	 * @return how many held (none do)
	 */
	static int pass(BooleanSupplier[] all) {
		int held = 0;
		for (BooleanSupplier condition : all) {
			if (condition.getAsBoolean()) {
				held++;
			}
		}
		return held;
	}

}
