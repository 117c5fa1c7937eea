package org.pactlib.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmark classes of this module through JMH's API, in JMH's own forks, with the
 * plan's forks and iterations of one second, JMH's output going to a log file per class.
 */
final class JmhRuns {

	private final Plan plan;

	private final Path logDirectory;

	JmhRuns(Plan plan, Path logDirectory) {
		this.plan = plan;
		this.logDirectory = logDirectory;
	}

	/**
	 * Runs every benchmark method of a class.
	 * @param benchmark the class
	 * @param gcProfiler whether to add JMH's GC profiler (allocation per operation)
	 * @return the results by method name, or {@code method:n} for each value of a parameter {@code n}
	 * @throws IllegalStateException if JMH fails
	 */
	Map<String, RunResult> run(Class<?> benchmark, boolean gcProfiler) {
		Path log = this.logDirectory.resolve("jmh-" + benchmark.getSimpleName() + ".log");
		ChainedOptionsBuilder options = new OptionsBuilder().include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
			.forks(this.plan.jmhForks())
			.warmupIterations(this.plan.jmhWarmups())
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(this.plan.jmhIterations())
			.measurementTime(TimeValue.seconds(1))
			.shouldFailOnError(true)
			.verbosity(VerboseMode.NORMAL)
			.output(log.toString());
		if (gcProfiler) {
			options.addProfiler(GCProfiler.class);
		}
		try {
			Files.createDirectories(this.logDirectory);
			Collection<RunResult> results = new Runner(options.build()).run();
			Map<String, RunResult> byName = new LinkedHashMap<>();
			for (RunResult result : results) {
				String method = result.getParams().getBenchmark();
				method = method.substring(method.lastIndexOf('.') + 1);
				String n = result.getParams().getParam("n");
				byName.put((n != null) ? method + ":" + n : method, result);
			}
			return byName;
		}
		catch (RunnerException | java.io.IOException ex) {
			throw new IllegalStateException("JMH failed (" + ex.getMessage() + "); see " + log, ex);
		}
	}

	/**
	 * Returns a result's primary score.
	 * @param result the result, or {@code null}
	 * @return the score in the benchmark's unit, or {@code null}
	 */
	static Double score(RunResult result) {
		return (result != null) ? result.getPrimaryResult().getScore() : null;
	}

	/**
	 * Returns a secondary score, such as the GC profiler's {@code gc.alloc.rate.norm}.
	 * @param result the result, or {@code null}
	 * @param suffix how the secondary result's name ends
	 * @return its score, or {@code null} if there is none
	 */
	static Double secondary(RunResult result, String suffix) {
		if (result == null) {
			return null;
		}
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith(suffix)) {
				return entry.getValue().getScore();
			}
		}
		return null;
	}

}
