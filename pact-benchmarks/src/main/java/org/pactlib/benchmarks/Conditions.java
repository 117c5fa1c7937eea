package org.pactlib.benchmarks;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * N conditions that never hold, each an object of one of eight lambda classes (so that a call site
 * that calls them all is megamorphic, as the registry's is), chosen at random. Each call counts
 * itself in its own slot of one array: a plain increment, race-free because one pact's conditions
 * never run on two threads at once. The registry sweep and the floor loop call the same objects, so
 * they do the same work per call.
 */
public final class Conditions {

	/**
	 * How many lambda classes the conditions are spread over.
	 */
	public static final int CLASSES = 8;

	private final BooleanSupplier[] conditions;

	private final long[] calls;

	private Conditions(int n, long seed) {
		this.conditions = new BooleanSupplier[n];
		this.calls = new long[n];
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) {
			this.conditions[i] = condition(random.nextInt(CLASSES), this.calls, i);
		}
	}

	/**
	 * Creates the conditions.
	 * @param n how many
	 * @param seed chooses the class of each
	 * @return the conditions
	 */
	public static Conditions create(int n, long seed) {
		return new Conditions(n, seed);
	}

	/**
	 * Returns the conditions; the array is shared, not copied.
	 * @return the conditions in their order
	 */
	public BooleanSupplier[] all() {
		return this.conditions;
	}

	/**
	 * Returns how many there are.
	 * @return N
	 */
	public int size() {
		return this.conditions.length;
	}

	/**
	 * Sums the calls of every condition so far (racy reads of plain counters: exact once the callers
	 * are quiet, and off by a few calls in flight otherwise).
	 * @return the number of calls
	 */
	public long calls() {
		long total = 0;
		for (long count : this.calls) {
			total += count;
		}
		return total;
	}

	// Eight lambda expressions with the same body: eight classes, the same work per call.
	private static BooleanSupplier condition(int kind, long[] calls, int slot) {
		switch (kind) {
			case 0:
				return () -> ++calls[slot] < 0;
			case 1:
				return () -> ++calls[slot] < 0;
			case 2:
				return () -> ++calls[slot] < 0;
			case 3:
				return () -> ++calls[slot] < 0;
			case 4:
				return () -> ++calls[slot] < 0;
			case 5:
				return () -> ++calls[slot] < 0;
			case 6:
				return () -> ++calls[slot] < 0;
			default:
				return () -> ++calls[slot] < 0;
		}
	}

}
