package org.pactlib.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pactlib.Pact;

/**
 * A poll of a pending, unregistered pact ({@code new Pact("x").until(condition)}, the condition never
 * holds) against calling that condition directly, in nanoseconds per operation. The condition reads a
 * field, so that the direct call is not folded to a constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PollBenchmark {

	private boolean done;

	private BooleanSupplier condition;

	private Pact pact;

	/**
	 * Creates the condition and the pact.
	 */
	@Setup
	public void setUp() {
		this.condition = () -> this.done;
		this.pact = new Pact("x").until(this.condition);
	}

	/**
	 * Polls the pending pact.
	 * @return {@code false}: it stays pending
	 */
	@Benchmark
	public boolean poll() {
		return this.pact.poll();
	}

	/**
	 * Calls the condition itself.
	 * @return {@code false}
	 */
	@Benchmark
	public boolean direct() {
		return this.condition.getAsBoolean();
	}

}
