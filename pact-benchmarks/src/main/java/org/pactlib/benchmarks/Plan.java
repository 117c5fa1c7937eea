package org.pactlib.benchmarks;

import java.util.List;

/**
 * What one mode of the benchmark measures, and for how long.
 *
 * @param name {@code quick} or {@code full}
 * @param jmhForks forks of each JMH benchmark
 * @param jmhWarmups warm-up iterations of one second
 * @param jmhIterations measured iterations of one second
 * @param floorJmh whether to check the sweep's hand-loop floor with JMH
 * @param sweepSizes N of the sweep runs
 * @param sweepWarmupIntervals intervals (1 s) left alone after registering, before measuring
 * @param sweepWindowIntervals intervals measured
 * @param floorMillis warm-up time, and again measuring time, of the floor loop
 * @param latencySamples stage-to-{@code then} samples kept (a warm-up batch besides)
 * @param reactionSizes N of the reaction runs, ours and the scheduled-task anchor
 * @param awaitilitySizes N of the Awaitility anchor
 * @param memorySizes N of the memory runs
 * @param startupRepetitions Spring startups with the starter, and as many without
 * @param charts whether charts are drawn unless told otherwise
 */
public record Plan(String name, int jmhForks, int jmhWarmups, int jmhIterations, boolean floorJmh,
		List<Integer> sweepSizes, int sweepWarmupIntervals, int sweepWindowIntervals, long floorMillis,
		int latencySamples, List<Integer> reactionSizes, List<Integer> awaitilitySizes, List<Integer> memorySizes,
		int startupRepetitions, boolean charts) {

	/**
	 * Returns the plan of a mode.
	 * @param mode {@code quick} (every figure of issue 7's table, under two minutes on 2 cores) or
	 * {@code full} (N from 1k to 1M everywhere, longer windows, the JMH check of the floor, charts)
	 * @return the plan
	 * @throws IllegalArgumentException for another mode
	 */
	public static Plan of(String mode) {
		return switch (mode) {
			case "quick" -> new Plan("quick", 1, 2, 3, false, List.of(10_000, 100_000, 1_000_000), 3, 5, 1_000, 2_000,
					List.of(10_000, 100_000), List.of(1_000), List.of(100_000), 5, false);
			case "full" -> new Plan("full", 2, 5, 5, true, List.of(1_000, 10_000, 100_000, 1_000_000), 5, 10, 2_000,
					5_000, List.of(1_000, 10_000, 100_000), List.of(1_000), List.of(1_000, 10_000, 100_000, 1_000_000), 10,
					true);
			default -> throw new IllegalArgumentException("mode must be quick or full, not '" + mode + "'");
		};
	}

}
