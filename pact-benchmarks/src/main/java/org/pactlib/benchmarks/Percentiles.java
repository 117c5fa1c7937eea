package org.pactlib.benchmarks;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of samples.
 */
public final class Percentiles {

	private final long[] sorted;

	/**
	 * Sorts a copy of the samples.
	 * @param samples the samples, in any order
	 */
	public Percentiles(long[] samples) {
		this.sorted = samples.clone();
		Arrays.sort(this.sorted);
	}

	/**
	 * Returns how many samples there are.
	 * @return the count
	 */
	public int count() {
		return this.sorted.length;
	}

	/**
	 * Returns the sample at a percentile, by nearest rank.
	 * @param percent from 0 to 100
	 * @return the sample, or 0 if there is none
	 */
	public long at(double percent) {
		if (this.sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percent / 100 * this.sorted.length);
		return this.sorted[Math.min(this.sorted.length - 1, Math.max(0, rank - 1))];
	}

	/**
	 * Returns the largest sample.
	 * @return the maximum, or 0 if there is none
	 */
	public long max() {
		return (this.sorted.length == 0) ? 0 : this.sorted[this.sorted.length - 1];
	}

}
