package org.pactlib.benchmarks;

import java.util.Locale;

/**
 * A figure's goal from issue 7: none, a ratio to the reference at most, or a value at most or below a
 * limit.
 *
 * @param kind what is compared
 * @param limit the limit, in the figure's unit (or as a ratio)
 */
public record Goal(Kind kind, double limit) {

	private static final Goal NONE = new Goal(Kind.NONE, 0);

	/**
	 * What a goal compares.
	 */
	public enum Kind {

		/** Only reported. */
		NONE,

		/** {@code ours / reference <= limit}. */
		RATIO_AT_MOST,

		/** {@code ours <= limit}. */
		AT_MOST,

		/** {@code ours < limit}. */
		BELOW

	}

	/**
	 * Returns the goal of a figure that is only reported.
	 * @return no goal
	 */
	public static Goal none() {
		return NONE;
	}

	/**
	 * Returns a goal on the ratio of ours to the reference.
	 * @param limit the largest ratio that meets it
	 * @return the goal
	 */
	public static Goal ratioAtMost(double limit) {
		return new Goal(Kind.RATIO_AT_MOST, limit);
	}

	/**
	 * Returns a goal on our value.
	 * @param limit the largest value that meets it
	 * @return the goal
	 */
	public static Goal atMost(double limit) {
		return new Goal(Kind.AT_MOST, limit);
	}

	/**
	 * Returns a goal on our value.
	 * @param limit the smallest value that misses it
	 * @return the goal
	 */
	public static Goal below(double limit) {
		return new Goal(Kind.BELOW, limit);
	}

	/**
	 * Tells whether a figure meets this goal.
	 * @param ours our value, {@code null} if it was not measured
	 * @param ratio ours over the reference, {@code null} if either is missing
	 * @return {@code null} if there is no goal or nothing to compare, else whether it is met
	 */
	public Boolean met(Double ours, Double ratio) {
		return switch (this.kind) {
			case NONE -> null;
			case RATIO_AT_MOST -> (ratio != null) ? ratio <= this.limit : null;
			case AT_MOST -> (ours != null) ? ours <= this.limit : null;
			case BELOW -> (ours != null) ? ours < this.limit : null;
		};
	}

	/**
	 * Describes the goal for a table.
	 * @param unit the figure's unit
	 * @return for instance {@code <= 3x ref}, {@code <= 300 B} or {@code < 1000 us}; {@code -} for none
	 */
	public String describe(String unit) {
		return switch (this.kind) {
			case NONE -> "-";
			case RATIO_AT_MOST -> "<= " + ResultTable.number(this.limit) + "x ref";
			case AT_MOST -> "<= " + ResultTable.number(this.limit) + " " + unit;
			case BELOW -> "< " + ResultTable.number(this.limit) + " " + unit;
		};
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s %s", this.kind, this.limit);
	}

}
