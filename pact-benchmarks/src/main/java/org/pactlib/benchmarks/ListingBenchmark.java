package org.pactlib.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pactlib.Pact;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactSnapshot;
import org.pactlib.registry.PactSnapshotPage;

/**
 * What {@code GET /actuator/pacts} costs with {@code n} pending pacts: the newest 100 of them (one pass
 * with a heap of 100, 100 snapshots), the newest 100 of one name in ten, and counting only
 * ({@code limit=0}), against a snapshot of all of them, in microseconds per listing. The registry polls
 * nothing in the background.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListingBenchmark {

	/** How many pacts are pending. */
	@Param("100000")
	public int n;

	private ScheduledExecutorService scheduler;

	private PactRegistry registry;

	/**
	 * Registers {@code n} pending pacts, one name in ten {@code storage.delete}.
	 */
	@Setup
	public void setUp() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor();
		this.registry = PactRegistry.builder(this.scheduler).backgroundPolling(false).maxPacts(this.n).build();
		for (int i = 0; i < this.n; i++) {
			Pact pact = Pact.builder("Deleting /data/" + i).timeout(Duration.ofHours(1)).build().until(() -> false);
			this.registry.register(pact, (i % 10 == 0) ? "storage.delete" : "report.export");
		}
	}

	/**
	 * Cancels the pacts and stops the registry.
	 */
	@TearDown
	public void tearDown() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	/**
	 * Lists the newest 100 of all.
	 * @return the page
	 */
	@Benchmark
	public PactSnapshotPage newest100() {
		return this.registry.snapshot((pact) -> true, 100);
	}

	/**
	 * Lists the newest 100 of one name.
	 * @return the page
	 */
	@Benchmark
	public PactSnapshotPage newest100OfOneName() {
		return this.registry.snapshot((pact) -> pact.name().equals("storage.delete"), 100);
	}

	/**
	 * Counts the overdue pacts without listing any.
	 * @return the page
	 */
	@Benchmark
	public PactSnapshotPage countOverdue() {
		return this.registry.snapshot((pact) -> pact.overdueSince() != null, 0);
	}

	/**
	 * Snapshots every pact, as the unlimited {@code snapshot()} does.
	 * @return every snapshot
	 */
	@Benchmark
	public List<PactSnapshot> all() {
		return this.registry.snapshot();
	}

}
