package org.pactlib.benchmarks;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

/**
 * A child JVM that measures the registry's background sweep: N pending pacts registered through a
 * {@link PactFactory} at a fixed interval, each with one condition of {@link Conditions} (eight lambda
 * classes) that never holds. First the megamorphic {@link Floor} over the same condition objects;
 * then the pacts are registered, left alone for a warm-up of a few intervals, and the {@link ProcessCpu
 * CPU time of the process} over a window of several intervals (but this thread's, which only sums the
 * counters) is divided by the condition calls counted in that window.
 *
 * <p>Arguments: {@code n}, {@code intervalMillis}, {@code warmupIntervals}, {@code windowIntervals},
 * {@code floorMillis} (warm-up and measuring time of the floor, each). Results: {@code floor_ns},
 * {@code sweep_ns} (CPU per condition call), {@code cpu_percent} (CPU of one sweep of all N over one
 * interval, in % of one core), {@code coverage} (calls in the window over N per interval: below 1 when
 * the sweep falls behind), {@code alloc_bytes} (per call, threads alive at both ends), {@code gc_ms},
 * {@code window_cpu_ms}, {@code cpu_precise} (1 if the nanosecond per-thread sum, 0 for the 10 ms
 * ticks), {@code register_ms}, {@code pending}.
 */
public final class SweepRun {

	private SweepRun() {
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 */
	public static void main(String[] args) {
		Map<String, String> arguments = ChildProtocol.arguments(args);
		int n = Integer.parseInt(arguments.get("n"));
		long intervalMillis = Long.parseLong(arguments.getOrDefault("intervalMillis", "1000"));
		int warmupIntervals = Integer.parseInt(arguments.getOrDefault("warmupIntervals", "3"));
		int windowIntervals = Integer.parseInt(arguments.getOrDefault("windowIntervals", "5"));
		long floorMillis = Long.parseLong(arguments.getOrDefault("floorMillis", "1000"));

		Conditions conditions = Conditions.create(n, 42);
		ChildProtocol.emit("floor_ns", Floor.nanosPerCall(conditions, floorMillis, floorMillis));

		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(JvmProbes.daemonThreads("sweep-scheduler-"));
		PactRegistry registry = PactRegistry.builder(scheduler).maxPacts(n).build();
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofMillis(intervalMillis)), true));
		Pact[] pacts = new Pact[n];
		BooleanSupplier[] all = conditions.all();
		long registerStart = System.nanoTime();
		for (int i = 0; i < n; i++) {
			pacts[i] = factory.create("x", all[i]);
		}
		ChildProtocol.emit("register_ms", (System.nanoTime() - registerStart) / 1e6);
		JvmProbes.sleep(warmupIntervals * intervalMillis);

		ProcessCpu cpuStart = ProcessCpu.sample();
		long wallStart = System.nanoTime();
		long allocStart = JvmProbes.allocatedBytes();
		long gcStart = JvmProbes.gcMillis();
		long callsStart = conditions.calls();
		JvmProbes.sleep(windowIntervals * intervalMillis);
		long callsEnd = conditions.calls();
		long gcEnd = JvmProbes.gcMillis();
		long allocEnd = JvmProbes.allocatedBytes();
		long wallEnd = System.nanoTime();
		ProcessCpu.Window cpu = cpuStart.othersUntil(ProcessCpu.sample());

		long calls = Math.max(1, callsEnd - callsStart);
		double sweepNanos = (double) cpu.nanos() / calls;
		double intervals = (wallEnd - wallStart) / (intervalMillis * 1e6);
		ChildProtocol.emit("sweep_ns", sweepNanos);
		ChildProtocol.emit("cpu_percent", 100 * sweepNanos * n / (intervalMillis * 1e6));
		ChildProtocol.emit("coverage", calls / (n * intervals));
		ChildProtocol.emit("alloc_bytes", (double) (allocEnd - allocStart) / calls);
		ChildProtocol.emit("gc_ms", gcEnd - gcStart);
		ChildProtocol.emit("window_cpu_ms", cpu.nanos() / 1e6);
		ChildProtocol.emit("cpu_precise", cpu.precise() ? 1 : 0);
		ChildProtocol.emit("pending", registry.size());
		Reference.reachabilityFence(pacts);
		// no shutdown: cancelling N pacts (and logging each) is not part of the figure
		System.exit(0);
	}

}
