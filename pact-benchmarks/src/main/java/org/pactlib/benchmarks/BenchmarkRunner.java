package org.pactlib.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.openjdk.jmh.results.RunResult;
import org.pactlib.benchmarks.Charts.MemoryPoint;
import org.pactlib.benchmarks.Charts.SweepPoint;
import org.pactlib.benchmarks.durable.DurableThroughputRun;
import org.pactlib.benchmarks.startup.StartupRun;

/**
 * Measures every figure of a {@link Plan}, each run in a fresh JVM (JMH forks its own), and collects
 * them, with the references and goals of issue 7, into a {@link ResultTable}. A run that fails leaves
 * its figures without a value and a note that points to its log; the others go on.
 */
final class BenchmarkRunner {

	/** Goal: a sweep costs at most this many times the megamorphic floor. */
	static final double FLOOR_FACTOR = 3;

	/** Goal: CPU of one sweep of 1M pending pacts at a 1 s interval, in % of one core, below this. */
	static final double SWEEP_CPU_PERCENT = 10;

	/** Goal: stage completed to {@code then}, p99 below this many microseconds. */
	static final double LATENCY_P99_MICROS = 1_000;

	/** Goal: retained heap per pending registered pact at most this many bytes. */
	static final double MEMORY_BYTES = 300;

	/** The reaction runs' poll interval. */
	static final long REACTION_INTERVAL_MILLIS = 100;

	/** The registry's default tick: the reaction goal allows one interval and two ticks. */
	static final long TICK_MILLIS = 50;

	private static final List<String> BIG_HEAP = List.of("-Xmx4g");

	/**
	 * The groups of figures, which {@code --only} selects by their lower-case names.
	 */
	enum Group {

		/** A poll of an unregistered pact, by JMH. */
		POLL,

		/** The registry sweep against the floor. */
		SWEEP,

		/** Stage completed to {@code then}. */
		LATENCY,

		/** Reacting to N operations, against the anchors. */
		REACTION,

		/** Retained heap per pending pact. */
		MEMORY,

		/** Spring startup with and without the starter. */
		STARTUP,

		/** Listing the newest pacts of a large registry, as the actuator endpoint does, by JMH. */
		LISTING,

		/** Durable pacts polled per second on PostgreSQL, one and two instances. */
		DURABLE

	}

	private final Plan plan;

	private final Set<Group> groups;

	private final Path logDirectory;

	private final ChildJvm children;

	private final JmhRuns jmh;

	private final ResultTable table = new ResultTable();

	private final List<SweepPoint> sweepPoints = new ArrayList<>();

	private final List<MemoryPoint> memoryPoints = new ArrayList<>();

	private final int steps;

	private int step;

	private int failures;

	BenchmarkRunner(Plan plan, Set<Group> groups, Path logDirectory) {
		this.plan = plan;
		this.groups = groups.isEmpty() ? EnumSet.allOf(Group.class) : EnumSet.copyOf(groups);
		this.logDirectory = logDirectory;
		this.children = new ChildJvm(logDirectory);
		this.jmh = new JmhRuns(plan, logDirectory);
		this.steps = countSteps();
	}

	ResultTable run() {
		if (this.groups.contains(Group.POLL)) {
			poll();
		}
		if (this.groups.contains(Group.SWEEP)) {
			sweep();
		}
		if (this.groups.contains(Group.LATENCY)) {
			latency();
		}
		if (this.groups.contains(Group.REACTION)) {
			reaction();
		}
		if (this.groups.contains(Group.MEMORY)) {
			memory();
		}
		if (this.groups.contains(Group.STARTUP)) {
			startup();
		}
		if (this.groups.contains(Group.LISTING)) {
			listing();
		}
		if (this.groups.contains(Group.DURABLE)) {
			durable();
		}
		return this.table;
	}

	List<SweepPoint> sweepPoints() {
		return this.sweepPoints;
	}

	List<MemoryPoint> memoryPoints() {
		return this.memoryPoints;
	}

	int failures() {
		return this.failures;
	}

	private void poll() {
		Map<String, RunResult> results = step("JMH: poll of a pending pact, and its condition called directly",
				() -> this.jmh.run(PollBenchmark.class, true));
		RunResult poll = (results != null) ? results.get("poll") : null;
		RunResult direct = (results != null) ? results.get("direct") : null;
		Figure time = Figure.of("poll of a pending pact vs its condition called directly (JMH)", 0, JmhRuns.score(poll),
				JmhRuns.score(direct), "ns", Goal.none());
		Figure allocation = Figure.of("poll of a pending pact: allocated per poll (JMH gc profiler)", 0,
				JmhRuns.secondary(poll, "gc.alloc.rate.norm"), null, "B", Goal.none());
		this.table.add(noteIfMissing(time, "jmh-PollBenchmark"));
		this.table.add(noteIfMissing(allocation, "jmh-PollBenchmark"));
	}

	private void listing() {
		Map<String, RunResult> results = step("JMH: listing the newest pacts of 100k pending",
				() -> this.jmh.run(ListingBenchmark.class, false));
		RunResult all = (results != null) ? results.get("all:100000") : null;
		String[][] listings = { { "newest100", "endpoint listing: newest 100 of 100k pending vs a snapshot of all (JMH)" },
				{ "newest100OfOneName", "endpoint listing: newest 100 of one name vs a snapshot of all (JMH)" },
				{ "countOverdue", "endpoint listing: counting the overdue only vs a snapshot of all (JMH)" } };
		for (String[] listing : listings) {
			RunResult result = (results != null) ? results.get(listing[0] + ":100000") : null;
			this.table.add(noteIfMissing(Figure.of(listing[1], 100_000, JmhRuns.score(result), JmhRuns.score(all),
					"us", Goal.none()), "jmh-ListingBenchmark"));
		}
	}

	private void sweep() {
		Map<Long, Double> handLoopFloors = new LinkedHashMap<>();
		for (int n : this.plan.sweepSizes()) {
			Map<String, Object> arguments = Map.of("n", n, "intervalMillis", 1000, "warmupIntervals",
					this.plan.sweepWarmupIntervals(), "windowIntervals", this.plan.sweepWindowIntervals(), "floorMillis",
					this.plan.floorMillis());
			Map<String, Double> result = child("sweep-" + n, "registry sweep of " + ResultTable.size(n) + " pending pacts",
					BIG_HEAP, SweepRun.class, arguments, Duration.ofMinutes(6));
			Double sweep = value(result, "sweep_ns");
			Double floor = value(result, "floor_ns");
			String note = "";
			if (result != null) {
				handLoopFloors.put((long) n, floor);
				this.sweepPoints.add(new SweepPoint(n, sweep, floor));
				note = String.format(Locale.ROOT, "registered in %.1f s; polls in the window: %.0f%% of N per interval; "
						+ "GC %.0f%% of the window's CPU (%s); floor: hand loop, lower quartile of 10 ms samples",
						result.get("register_ms") / 1e3, 100 * result.get("coverage"),
						100 * result.get("gc_ms") / result.get("window_cpu_ms"),
						(result.get("cpu_precise") > 0) ? "CPU: per-thread ns" : "CPU: 10 ms ticks, a thread ended");
			}
			this.table.add(noteIfMissing(Figure.of("registry sweep: CPU per pending pact vs megamorphic floor (same JVM)",
					n, sweep, floor, "ns", Goal.ratioAtMost(FLOOR_FACTOR)), "sweep-" + n).withNote(note));
			this.table.add(Figure.of("registry sweep: allocated per poll", n,
					value(result, "alloc_bytes"), null, "B", Goal.none()));
			this.table.add(Figure.of("registry sweep: CPU of one sweep of all N per 1 s, % of a core", n,
					value(result, "cpu_percent"), null, "%", (n >= 1_000_000) ? Goal.below(SWEEP_CPU_PERCENT) : Goal.none()));
		}
		if (this.plan.floorJmh()) {
			Map<String, RunResult> results = step("JMH: megamorphic floor in a JVM of its own",
					() -> this.jmh.run(FloorBenchmark.class, false));
			for (Map.Entry<Long, Double> handLoop : handLoopFloors.entrySet()) {
				RunResult pass = (results != null) ? results.get("pass:" + handLoop.getKey()) : null;
				Double perCondition = (pass != null) ? JmhRuns.score(pass) / handLoop.getKey() : null;
				this.table.add(Figure.of("megamorphic floor: JMH in its own JVM vs the sweep's hand loop", handLoop.getKey(),
						perCondition, handLoop.getValue(), "ns", Goal.none()));
			}
		}
	}

	private void latency() {
		Map<String, Double> result = child("latency", "stage completed to then", List.of(), LatencyRun.class,
				Map.of("samples", this.plan.latencySamples(), "warmup", 500), Duration.ofMinutes(3));
		String note = (result != null && result.get("missed") > 0) ? result.get("missed").intValue()
				+ " callbacks did not come within 1 s" : "";
		this.table.add(noteIfMissing(Figure.of("stage completed to then (registered, 1 s interval): p50", 0,
				value(result, "p50_us"), null, "us", Goal.none()), "latency").withNote(note));
		this.table.add(Figure.of("stage completed to then (registered, 1 s interval): p99", 0, value(result, "p99_us"),
				null, "us", Goal.below(LATENCY_P99_MICROS)));
	}

	private void reaction() {
		Map<Integer, Map<String, Double>> ours = new LinkedHashMap<>();
		for (int n : this.plan.reactionSizes()) {
			ours.put(n, reactionRun("ours", n));
			Map<String, Double> anchor = reactionRun("stpe", n);
			String against = " vs a fixed-delay task per op on STPE(2)";
			long delayGoal = REACTION_INTERVAL_MILLIS + 2 * TICK_MILLIS;
			this.table.add(noteIfMissing(Figure.of("react to N ops ending within 3 s: CPU" + against, n,
					value(ours.get(n), "cpu_s"), value(anchor, "cpu_s"), "s", Goal.ratioAtMost(1)), "reaction-ours-" + n));
			this.table.add(Figure.of("react: peak threads" + against, n, value(ours.get(n), "peak_threads"),
					value(anchor, "peak_threads"), "threads", Goal.none()));
			this.table.add(Figure.of("react: delay p50" + against, n, value(ours.get(n), "p50_ms"),
					value(anchor, "p50_ms"), "ms", Goal.none()));
			this.table.add(Figure.of("react: delay p99" + against, n, value(ours.get(n), "p99_ms"),
					value(anchor, "p99_ms"), "ms", Goal.atMost(delayGoal)));
			this.table.add(withMissed(Figure.of("react: delay max" + against, n, value(ours.get(n), "max_ms"),
					value(anchor, "max_ms"), "ms", Goal.none()), ours.get(n), anchor));
		}
		for (int n : this.plan.awaitilitySizes()) {
			Map<String, Double> anchor = reactionRun("awaitility", n);
			Map<String, Double> mine = ours.get(n);
			String against = " vs Awaitility 4.3 defaults, one await per op";
			Figure cpu = Figure.of("react: CPU" + against, n, value(mine, "cpu_s"), value(anchor, "cpu_s"), "s", Goal.none());
			if (anchor == null) {
				cpu = cpu.withNote("not measured: the run failed, see " + this.logDirectory.resolve("reaction-awaitility-" + n
						+ ".log"));
			}
			else if (mine == null) {
				cpu = cpu.withNote("the anchor alone: this mode runs ours at N = " + String.join(", ",
						this.plan.reactionSizes().stream().map(ResultTable::size).toList()));
			}
			this.table.add(cpu);
			this.table.add(Figure.of("react: peak threads" + against, n, value(mine, "peak_threads"),
					value(anchor, "peak_threads"), "threads", Goal.none()));
			this.table.add(Figure.of("react: delay p50" + against, n, value(mine, "p50_ms"), value(anchor, "p50_ms"), "ms",
					Goal.none()));
			this.table.add(Figure.of("react: delay p99" + against, n, value(mine, "p99_ms"), value(anchor, "p99_ms"), "ms",
					Goal.none()));
			this.table.add(withMissed(Figure.of("react: delay max" + against, n, value(mine, "max_ms"),
					value(anchor, "max_ms"), "ms", Goal.none()), mine, anchor));
		}
	}

	private Map<String, Double> reactionRun(String kind, int n) {
		return child("reaction-" + kind + "-" + n, "react to " + ResultTable.size(n) + " ops: " + kind, List.of(),
				ReactionRun.class, Map.of("kind", kind, "n", n, "windowMillis", 3000, "intervalMillis",
						REACTION_INTERVAL_MILLIS),
				Duration.ofMinutes(3));
	}

	private void memory() {
		for (int n : this.plan.memorySizes()) {
			Map<String, Double> result = child("memory-" + n, "retained heap of " + ResultTable.size(n) + " pending pacts",
					BIG_HEAP, MemoryRun.class, Map.of("n", n), Duration.ofMinutes(5));
			Double bytes = value(result, "bytes_per_pact");
			if (bytes != null) {
				this.memoryPoints.add(new MemoryPoint(n, bytes));
			}
			Figure figure = noteIfMissing(Figure.of("retained heap per pending registered pact (condition shared)", n, bytes,
					null, "B", Goal.atMost(MEMORY_BYTES)), "memory-" + n);
			if (result != null && result.containsKey("polled") && result.get("polled") < 1) {
				figure = figure.withNote(String.format(Locale.ROOT, "only %.0f%% of the pacts had had their first poll "
						+ "when the heap was read", 100 * result.get("polled")));
			}
			this.table.add(figure);
		}
	}

	private void startup() {
		double[] with = new double[this.plan.startupRepetitions()];
		double[] without = new double[this.plan.startupRepetitions()];
		String note = "";
		for (int repetition = 0; repetition < with.length; repetition++) {
			for (boolean starter : new boolean[] { true, false }) {
				String label = "startup-" + (starter ? "with" : "without") + "-" + (repetition + 1);
				Map<String, Double> result = child(label, "Spring startup " + (starter ? "with" : "without")
						+ " the starter (" + (repetition + 1) + ")", List.of(), StartupRun.class, Map.of("starter", starter),
						Duration.ofMinutes(2));
				Double startup = value(result, "startup_ms");
				(starter ? with : without)[repetition] = (startup != null) ? startup : Double.NaN;
				if (result != null && result.get("registries") != (starter ? 1 : 0)) {
					note = "the context had " + result.get("registries").intValue() + " PactRegistry beans " + (starter
							? "with" : "without") + " the starter";
				}
			}
		}
		Double withMedian = median(with);
		Double withoutMedian = median(without);
		String reps = "median of " + with.length + " fresh JVMs each; without = " + StartupRun.class.getSimpleName()
				+ " excluding the auto-configuration";
		this.table.add(noteIfMissing(Figure.of("Spring context startup (run() returning): with the starter vs without",
				0, withMedian, withoutMedian, "ms", Goal.none()), "startup-*").withNote(note.isEmpty() ? reps : note));
		this.table.add(Figure.of("Spring context startup: what the starter adds", 0,
				(withMedian != null && withoutMedian != null) ? withMedian - withoutMedian : null, null, "ms", Goal.none()));
	}

	private void durable() {
		boolean full = this.plan.name().equals("full");
		int seconds = full ? 20 : 5;
		int pacts = full ? 2000 : 500;
		for (int instances : new int[] { 1, 2 }) {
			Map<String, Double> result = child("durable-" + instances, "durable pacts polled per second on PostgreSQL, "
					+ instances + " instance(s)", List.of(), DurableThroughputRun.class,
					Map.of("instances", instances, "pacts", pacts, "seconds", seconds, "strategy", "fetch"),
					Duration.ofMinutes(3));
			this.table.add(noteIfMissing(Figure.of("durable pacts polled/s on PostgreSQL (fetch), " + instances
					+ " instance(s) vs db-scheduler's published 2-4k executions/s (fetch)", pacts, value(result, "polls_per_s"),
					3000.0, "polls/s", Goal.none()), "durable-" + instances)
				.withNote("one embedded PostgreSQL on this machine; db-scheduler's ~10k/s is lock-and-fetch on 4 instances"));
		}
	}

	// one child JVM, as one progress step; null if it failed (the failure is printed and counted)
	private Map<String, Double> child(String label, String description, List<String> jvmOptions, Class<?> mainClass,
			Map<String, ?> arguments, Duration timeout) {
		return step(description, () -> this.children.run(label, jvmOptions, mainClass, arguments, timeout));
	}

	private <T> T step(String description, Supplier<T> measurement) {
		this.step++;
		System.out.printf(Locale.ROOT, "[%d/%d] %s ... ", this.step, this.steps, description);
		System.out.flush();
		long start = System.nanoTime();
		try {
			T result = measurement.get();
			System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - start) / 1e9);
			return result;
		}
		catch (RuntimeException ex) {
			this.failures++;
			System.out.printf(Locale.ROOT, "FAILED after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, ex.getMessage());
			return null;
		}
	}

	private int countSteps() {
		int count = 0;
		count += this.groups.contains(Group.POLL) ? 1 : 0;
		count += this.groups.contains(Group.SWEEP) ? this.plan.sweepSizes().size() + (this.plan.floorJmh() ? 1 : 0) : 0;
		count += this.groups.contains(Group.LATENCY) ? 1 : 0;
		count += this.groups.contains(Group.REACTION)
				? 2 * this.plan.reactionSizes().size() + this.plan.awaitilitySizes().size() : 0;
		count += this.groups.contains(Group.MEMORY) ? this.plan.memorySizes().size() : 0;
		count += this.groups.contains(Group.STARTUP) ? 2 * this.plan.startupRepetitions() : 0;
		count += this.groups.contains(Group.LISTING) ? 1 : 0;
		count += this.groups.contains(Group.DURABLE) ? 2 : 0;
		return count;
	}

	private Figure noteIfMissing(Figure figure, String log) {
		if (figure.ours() != null) {
			return figure;
		}
		return figure.withNote("not measured: the run failed, see " + this.logDirectory.resolve(log + ".log"));
	}

	private static Figure withMissed(Figure figure, Map<String, Double> ours, Map<String, Double> anchor) {
		Double oursMissed = value(ours, "missed");
		Double anchorMissed = value(anchor, "missed");
		if ((oursMissed == null || oursMissed == 0) && (anchorMissed == null || anchorMissed == 0)) {
			return figure;
		}
		return figure.withNote(String.format(Locale.ROOT, "ops never noticed: ours %s, reference %s",
				(oursMissed != null) ? oursMissed.intValue() : "-", (anchorMissed != null) ? anchorMissed.intValue() : "-"));
	}

	private static Double value(Map<String, Double> result, String key) {
		return (result != null) ? result.get(key) : null;
	}

	private static Double median(double[] values) {
		double[] measured = Arrays.stream(values).filter((value) -> !Double.isNaN(value)).sorted().toArray();
		if (measured.length == 0) {
			return null;
		}
		return (measured.length % 2 == 1) ? measured[measured.length / 2]
				: (measured[measured.length / 2 - 1] + measured[measured.length / 2]) / 2;
	}

}
