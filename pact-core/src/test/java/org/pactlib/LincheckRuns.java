package org.pactlib;

import java.util.List;

import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * How hard the Lincheck tests of pact-core look: a few seconds per test class in the normal build,
 * far more with {@code -Dlincheck.deep=true}. Every run has two threads of a few operations each,
 * with a few operations before and after; the deep run only generates more scenarios and explores
 * more interleavings (model checking) or repeats each more often (stress).
 */
public final class LincheckRuns {

	/** Whether the deep run was asked for, by the system property {@code lincheck.deep}. */
	public static final boolean DEEP = Boolean.getBoolean("lincheck.deep");

	private LincheckRuns() {
	}

	/**
	 * Returns model-checking options of the build's size (or the deep run's).
	 * @param sequentialSpecification the class whose methods say what each operation means alone
	 * @return options for {@code check(testClass)}
	 */
	public static ModelCheckingOptions modelChecking(Class<?> sequentialSpecification) {
		return new ModelCheckingOptions().iterations(DEEP ? 200 : 5)
			.invocationsPerIteration(DEEP ? 10_000 : 100)
			.threads(2)
			.actorsPerThread(3)
			.actorsBefore(2)
			.actorsAfter(1)
			.sequentialSpecification(sequentialSpecification);
	}

	/**
	 * Returns stress options of the build's size (or the deep run's).
	 * @param sequentialSpecification the class whose methods say what each operation means alone
	 * @return options for {@code check(testClass)}
	 */
	public static StressOptions stress(Class<?> sequentialSpecification) {
		return new StressOptions().iterations(DEEP ? 200 : 4)
			.invocationsPerIteration(DEEP ? 20_000 : 50)
			.threads(2)
			.actorsPerThread(3)
			.actorsBefore(2)
			.actorsAfter(1)
			.sequentialSpecification(sequentialSpecification);
	}

	/**
	 * Returns model-checking options that explore every interleaving of one scenario only: a
	 * counterexample kept as a regression test, or a race that random scenarios find too rarely.
	 * @param sequentialSpecification the class whose methods say what each operation means alone
	 * @param testClass the class whose {@code @Operation} methods the scenario names
	 * @param threads for each thread, the names of the operations it runs in order (no arguments)
	 * @return options for {@code check(testClass)}
	 */
	public static ModelCheckingOptions counterexample(Class<?> sequentialSpecification, Class<?> testClass,
			List<List<String>> threads) {
		return counterexample(sequentialSpecification, testClass, List.of(), threads, List.of());
	}

	/**
	 * Returns model-checking options that explore every interleaving of one scenario only, like
	 * {@link #counterexample(Class, Class, List)}, with operations run alone before and after the
	 * threads.
	 * @param sequentialSpecification the class whose methods say what each operation means alone
	 * @param testClass the class whose {@code @Operation} methods the scenario names
	 * @param before the operations run before the threads start
	 * @param threads for each thread, the names of the operations it runs in order (no arguments)
	 * @param after the operations run once every thread is done
	 * @return options for {@code check(testClass)}
	 */
	public static ModelCheckingOptions counterexample(Class<?> sequentialSpecification, Class<?> testClass,
			List<String> before, List<List<String>> threads, List<String> after) {
		DSLScenarioBuilder builder = new DSLScenarioBuilder();
		if (!before.isEmpty()) {
			builder.initial((thread) -> {
				before.forEach((name) -> thread.actor(operation(testClass, name)));
				return Unit.INSTANCE;
			});
		}
		builder.parallel((parallel) -> {
			for (List<String> operations : threads) {
				parallel.thread((thread) -> {
					operations.forEach((name) -> thread.actor(operation(testClass, name)));
					return Unit.INSTANCE;
				});
			}
			return Unit.INSTANCE;
		});
		if (!after.isEmpty()) {
			builder.post((thread) -> {
				after.forEach((name) -> thread.actor(operation(testClass, name)));
				return Unit.INSTANCE;
			});
		}
		ExecutionScenario scenario = builder.buildScenario();
		return new ModelCheckingOptions().iterations(0)
			.invocationsPerIteration(DEEP ? 10_000 : 100)
			.addCustomScenario(scenario)
			.sequentialSpecification(sequentialSpecification);
	}

	private static KFunction<?> operation(Class<?> testClass, String name) {
		try {
			return ReflectJvmMapping.getKotlinFunction(testClass.getMethod(name));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalArgumentException("No operation " + name + " on " + testClass.getName(), ex);
		}
	}

}
