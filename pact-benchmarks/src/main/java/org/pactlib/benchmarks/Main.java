package org.pactlib.benchmarks;

import java.io.IOException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.pactlib.benchmarks.BenchmarkRunner.Group;

/**
 * The entry point of {@code pact-benchmarks.jar}: measures the engine against its references, prints
 * the table, writes the CSV and draws the charts.
 *
 * <pre>
 * java -jar pact-benchmarks/target/pact-benchmarks.jar [quick|full] [options]
 *   quick              10k and 100k pacts, under two minutes on 2 cores (the default)
 *   full               1k to 1M pacts, longer windows, charts into docs/benchmarks
 *   --only=G,G         only these groups: poll, sweep, latency, reaction, memory, startup, listing, durable
 *   --charts[=DIR]     draw the charts (default DIR: docs/benchmarks of the repository)
 *   --no-charts        do not draw them, not even in full mode
 *   --csv=FILE         where the CSV goes (default: pact-benchmarks/target/benchmark-results.csv)
 * </pre>
 *
 * Each run's output is kept under {@code pact-benchmarks/target/benchmark-logs/}. The exit status is 0
 * when every figure was measured (met goals or not), 1 for bad arguments, 2 if a run failed.
 */
public final class Main {

	private Main() {
	}

	/**
	 * Runs the benchmark.
	 * @param args the mode and options, see the class comment
	 * @throws IOException if the CSV or a chart cannot be written
	 */
	public static void main(String[] args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Path root = repositoryRoot();
		String mode = "quick";
		Set<Group> groups = EnumSet.noneOf(Group.class);
		Boolean charts = null;
		Path chartDirectory = root.resolve("docs").resolve("benchmarks");
		Path csv = root.resolve("pact-benchmarks").resolve("target").resolve("benchmark-results.csv");
		try {
			for (String arg : args) {
				if (arg.equals("quick") || arg.equals("full")) {
					mode = arg;
				}
				else if (arg.startsWith("--only=")) {
					for (String group : arg.substring("--only=".length()).split(",")) {
						groups.add(Group.valueOf(group.trim().toUpperCase(Locale.ROOT)));
					}
				}
				else if (arg.equals("--charts") || arg.startsWith("--charts=")) {
					charts = true;
					if (arg.startsWith("--charts=")) {
						chartDirectory = Path.of(arg.substring("--charts=".length()));
					}
				}
				else if (arg.equals("--no-charts")) {
					charts = false;
				}
				else if (arg.startsWith("--csv=")) {
					csv = Path.of(arg.substring("--csv=".length()));
				}
				else {
					throw new IllegalArgumentException("unknown argument '" + arg + "'");
				}
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println("pact-benchmarks: " + ex.getMessage());
			System.err.println("usage: java -jar pact-benchmarks.jar [quick|full] [--only=poll,sweep,latency,reaction,durable,"
					+ "memory,startup] [--charts[=DIR]] [--no-charts] [--csv=FILE]");
			System.exit(1);
			return;
		}
		Plan plan = Plan.of(mode);
		Path logs = root.resolve("pact-benchmarks").resolve("target").resolve("benchmark-logs");
		System.out.printf(Locale.ROOT, "pact-benchmarks, %s mode, Java %s, %d cores; logs in %s%n", plan.name(),
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), logs);
		long start = System.nanoTime();
		BenchmarkRunner runner = new BenchmarkRunner(plan, groups, logs);
		ResultTable table = runner.run();

		System.out.println();
		System.out.print(table.text());
		table.writeCsv(csv);
		System.out.println();
		System.out.println("CSV: " + csv.toAbsolutePath().normalize());
		if ((charts != null) ? charts : plan.charts()) {
			drawCharts(runner, chartDirectory);
		}
		System.out.printf(Locale.ROOT, "Wall time: %.0f s%n", (System.nanoTime() - start) / 1e9);
		System.exit((runner.failures() > 0) ? 2 : 0);
	}

	private static void drawCharts(BenchmarkRunner runner, Path directory) throws IOException {
		if (!runner.sweepPoints().isEmpty()) {
			Path file = directory.resolve(Charts.SWEEP_FILE);
			Charts.sweep(runner.sweepPoints(), BenchmarkRunner.FLOOR_FACTOR, file);
			System.out.println("Chart: " + file.toAbsolutePath().normalize());
		}
		if (!runner.memoryPoints().isEmpty()) {
			Path file = directory.resolve(Charts.MEMORY_FILE);
			Charts.memory(runner.memoryPoints(), BenchmarkRunner.MEMORY_BYTES, file);
			System.out.println("Chart: " + file.toAbsolutePath().normalize());
		}
	}

	// the repository that holds the jar (pact-benchmarks/target/pact-benchmarks.jar), else the working directory
	private static Path repositoryRoot() {
		String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
		for (Path directory = Path.of(first).toAbsolutePath().getParent(); directory != null; directory = directory
			.getParent()) {
			if (Files.isDirectory(directory.resolve("pact-benchmarks")) && Files.exists(directory.resolve("pom.xml"))) {
				return directory;
			}
		}
		return Path.of("").toAbsolutePath();
	}

}
