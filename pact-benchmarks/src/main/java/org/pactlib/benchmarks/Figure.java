package org.pactlib.benchmarks;

import java.util.Objects;

/**
 * One line of the result table: a figure of ours at some N, next to its reference, with its goal.
 *
 * @param name what is measured, and against what
 * @param n the size of the workload, 0 if it has none
 * @param ours our value, {@code null} if it could not be measured
 * @param reference the reference's value, {@code null} if there is none
 * @param unit the unit of both values
 * @param goal the goal
 * @param note why a value is missing, or what to know about it; empty if nothing
 */
public record Figure(String name, long n, Double ours, Double reference, String unit, Goal goal, String note) {

	/**
	 * Checks the values.
	 */
	public Figure {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(unit, "unit");
		Objects.requireNonNull(goal, "goal");
		note = (note != null) ? note : "";
	}

	/**
	 * Creates a figure without a note.
	 * @param name what is measured
	 * @param n the size of the workload, 0 if none
	 * @param ours our value or {@code null}
	 * @param reference the reference's value or {@code null}
	 * @param unit the unit
	 * @param goal the goal
	 * @return the figure
	 */
	public static Figure of(String name, long n, Double ours, Double reference, String unit, Goal goal) {
		return new Figure(name, n, ours, reference, unit, goal, "");
	}

	/**
	 * Returns ours over the reference.
	 * @return the ratio, or {@code null} if either is missing or the reference is zero
	 */
	public Double ratio() {
		if (this.ours == null || this.reference == null || this.reference == 0) {
			return null;
		}
		return this.ours / this.reference;
	}

	/**
	 * Tells whether the goal is met.
	 * @return {@code null} if there is no goal or nothing to compare
	 */
	public Boolean met() {
		return this.goal.met(this.ours, ratio());
	}

	/**
	 * Returns the same figure with a note.
	 * @param text the note
	 * @return a copy
	 */
	public Figure withNote(String text) {
		return new Figure(this.name, this.n, this.ours, this.reference, this.unit, this.goal, text);
	}

}
