package org.pactlib.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.pactlib.Backoff;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

/**
 * A child JVM that reacts to N operations ending at random moments within a window (3 s): operation
 * {@code i} is done once {@code System.nanoTime() >= deadline[i]}, and whoever waits for it records
 * the delay from its deadline to the moment it noticed. Three ways to wait, one per JVM:
 * <ul>
 * <li>{@code ours}: a {@link PactFactory} on a registry with default settings, a fixed 100 ms
 * interval, one pact per operation whose {@code then} records the delay;</li>
 * <li>{@code stpe}: the hand-written anchor, one {@code scheduleWithFixedDelay} task per operation at
 * 100 ms on a {@code ScheduledThreadPoolExecutor(2)}, which records the delay and cancels itself;</li>
 * <li>{@code awaitility}: Awaitility's defaults, one {@code await().until(...)} per operation, each on
 * a thread of its own.</li>
 * </ul>
 * {@link ProcessCpu CPU time} (whole process) and wall time run from just before the first operation starts until the
 * last delay is recorded; setting up is part of the work.
 *
 * <p>Arguments: {@code kind}, {@code n}, {@code windowMillis}, {@code intervalMillis}. Results:
 * {@code cpu_s}, {@code wall_s}, {@code peak_threads}, {@code p50_ms}, {@code p99_ms},
 * {@code max_ms}, {@code cpu_precise}, {@code missed} (operations not noticed within a minute of the window).
 */
public final class ReactionRun {

	private final int n;

	private final long intervalMillis;

	private final long[] deadlines;

	private final long[] delays;

	private final CountDownLatch left;

	private ReactionRun(int n, long windowMillis, long intervalMillis) {
		this.n = n;
		this.intervalMillis = intervalMillis;
		this.deadlines = new long[n];
		this.delays = new long[n];
		Arrays.fill(this.delays, -1);
		this.left = new CountDownLatch(n);
		SplittableRandom random = new SplittableRandom(7);
		long window = TimeUnit.MILLISECONDS.toNanos(windowMillis);
		for (int i = 0; i < n; i++) {
			this.deadlines[i] = random.nextLong(window);
		}
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> arguments = ChildProtocol.arguments(args);
		String kind = arguments.get("kind");
		int n = Integer.parseInt(arguments.get("n"));
		long windowMillis = Long.parseLong(arguments.getOrDefault("windowMillis", "3000"));
		ReactionRun run = new ReactionRun(n, windowMillis, Long.parseLong(arguments.getOrDefault("intervalMillis", "100")));

		JvmProbes.resetPeakThreads();
		ProcessCpu cpuStart = ProcessCpu.sample();
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			run.deadlines[i] += start;
		}
		AutoCloseable waiter = switch (kind) {
			case "ours" -> run.ours();
			case "stpe" -> run.scheduledTasks();
			case "awaitility" -> run.awaitility();
			default -> throw new IllegalArgumentException("kind must be ours, stpe or awaitility, not " + kind);
		};
		boolean all = run.left.await(windowMillis + 60_000, TimeUnit.MILLISECONDS);
		long wall = System.nanoTime() - start;
		ProcessCpu.Window cpu = cpuStart.until(ProcessCpu.sample());
		int peakThreads = JvmProbes.peakThreads();

		long[] noticed = Arrays.stream(run.delays).filter((delay) -> delay >= 0).toArray();
		Percentiles percentiles = new Percentiles(noticed);
		ChildProtocol.emit("cpu_s", cpu.nanos() / 1e9);
		ChildProtocol.emit("cpu_precise", cpu.precise() ? 1 : 0);
		ChildProtocol.emit("wall_s", wall / 1e9);
		ChildProtocol.emit("peak_threads", peakThreads);
		ChildProtocol.emit("p50_ms", percentiles.at(50) / 1e6);
		ChildProtocol.emit("p99_ms", percentiles.at(99) / 1e6);
		ChildProtocol.emit("max_ms", percentiles.max() / 1e6);
		ChildProtocol.emit("missed", all ? 0 : n - noticed.length);
		try {
			waiter.close();
		}
		catch (Exception ex) {
			ex.printStackTrace();
		}
		System.exit(0);
	}

	private void noticed(int operation) {
		this.delays[operation] = System.nanoTime() - this.deadlines[operation];
		this.left.countDown();
	}

	private AutoCloseable ours() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(JvmProbes.daemonThreads("pact-scheduler-"));
		PactRegistry registry = PactRegistry.builder(scheduler).build();
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofMillis(this.intervalMillis)), true));
		for (int i = 0; i < this.n; i++) {
			int operation = i;
			long deadline = this.deadlines[i];
			factory.builder("operation")
				.until(() -> System.nanoTime() >= deadline)
				.then(() -> noticed(operation))
				.create();
		}
		return () -> {
			registry.close();
			scheduler.shutdownNow();
		};
	}

	private AutoCloseable scheduledTasks() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
		for (int i = 0; i < this.n; i++) {
			OperationTask task = new OperationTask(i, this.deadlines[i]);
			task.self = executor.scheduleWithFixedDelay(task, 0, this.intervalMillis, TimeUnit.MILLISECONDS);
			if (task.done) {
				task.self.cancel(false);
			}
		}
		return executor::shutdownNow;
	}

	private AutoCloseable awaitility() {
		Thread[] waiters = new Thread[this.n];
		for (int i = 0; i < this.n; i++) {
			int operation = i;
			long deadline = this.deadlines[i];
			waiters[i] = new Thread(() -> {
				try {
					Awaitility.await().until(() -> System.nanoTime() >= deadline);
					noticed(operation);
				}
				catch (ConditionTimeoutException ex) {
					// counted as missed
				}
			}, "awaiter-" + i);
			waiters[i].setDaemon(true);
			waiters[i].start();
		}
		return () -> {
		};
	}

	/**
	 * One operation's periodic check, as one would write it by hand: it cancels itself once done.
	 */
	private final class OperationTask implements Runnable {

		private final int operation;

		private final long deadline;

		volatile ScheduledFuture<?> self;

		volatile boolean done;

		OperationTask(int operation, long deadline) {
			this.operation = operation;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			if (this.done || System.nanoTime() < this.deadline) {
				return;
			}
			this.done = true;
			noticed(this.operation);
			ScheduledFuture<?> future = this.self;
			if (future != null) {
				future.cancel(false);
			}
		}

	}

}
