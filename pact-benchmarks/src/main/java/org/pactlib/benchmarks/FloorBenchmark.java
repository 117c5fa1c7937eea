package org.pactlib.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The megamorphic floor measured by JMH in a JVM of its own: one pass over N {@link Conditions} of
 * eight lambda classes, in nanoseconds per pass (divide by N for a condition). The full mode runs it
 * to check the hand loop of {@link Floor} that the sweep is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloorBenchmark {

	/**
	 * How many conditions one pass calls.
	 */
	@Param({ "1000", "10000", "100000", "1000000" })
	public int n;

	private Conditions conditions;

	/**
	 * Creates the conditions.
	 */
	@Setup
	public void setUp() {
		this.conditions = Conditions.create(this.n, 42);
	}

	/**
	 * Calls every condition once.
	 * @return how many held (none)
	 */
	@Benchmark
	public int pass() {
		return Floor.pass(this.conditions.all());
	}

}
