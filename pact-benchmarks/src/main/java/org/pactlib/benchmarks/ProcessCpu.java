package org.pactlib.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU time of this whole process over a window, precise to the nanosecond where it can be.
 * {@code OperatingSystemMXBean#getProcessCpuTime} counts every thread, those that ended too, but on
 * Linux it comes from {@code times()} in 10 ms ticks: too coarse for a window in which a fast engine
 * spends a few milliseconds. So a sample also reads {@code /proc/self/task/<tid>/schedstat} (the
 * nanoseconds each live thread of the process ran, GC and JIT threads included). A window uses that
 * sum unless a thread may have ended in between, since the CPU of a thread that ended is missing from
 * it: then it uses the coarse figure. A thread may have ended if one of the first sample is gone, if
 * more Java threads were started than are new at the end, or if the coarse figure exceeds the sum by
 * more than its two ticks of rounding (which catches JVM threads that came and went).
 */
public final class ProcessCpu {

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final Path THREAD_SELF = Path.of("/proc/thread-self");

	private static final long COARSE_ROUNDING_NANOS = 20_000_000;

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final long coarseNanos;

	private final Map<String, Long> threadNanos;

	private final String samplerTid;

	private final long samplerNanos;

	private final long startedJavaThreads;

	private final Set<Long> javaThreads;

	private ProcessCpu(long coarseNanos, Map<String, Long> threadNanos, String samplerTid, long samplerNanos) {
		this.coarseNanos = coarseNanos;
		this.threadNanos = threadNanos;
		this.samplerTid = samplerTid;
		this.samplerNanos = samplerNanos;
		this.startedJavaThreads = threads.getTotalStartedThreadCount();
		this.javaThreads = Arrays.stream(threads.getAllThreadIds()).boxed().collect(Collectors.toSet());
	}

	/**
	 * Takes a sample now.
	 * @return the sample
	 */
	public static ProcessCpu sample() {
		long samplerNanos = JvmProbes.threadCpuNanos();
		return new ProcessCpu(JvmProbes.processCpuNanos(), readThreads(), samplerTid(), samplerNanos);
	}

	/**
	 * The CPU time between two samples.
	 *
	 * @param nanos the CPU time
	 * @param precise whether it is the nanosecond sum of the threads (else the 10 ms ticks of the process)
	 */
	public record Window(long nanos, boolean precise) {
	}

	/**
	 * Returns the CPU time of every thread from this sample to a later one.
	 * @param end the later sample
	 * @return the CPU time, precise if every thread of this sample was still alive at {@code end}
	 */
	public Window until(ProcessCpu end) {
		return window(end, false);
	}

	/**
	 * Returns the CPU time of every thread but the one that took both samples (a thread that only
	 * measures), from this sample to a later one.
	 * @param end the later sample, taken on the same thread
	 * @return the CPU time, precise if every thread of this sample was still alive at {@code end}
	 */
	public Window othersUntil(ProcessCpu end) {
		return window(end, true);
	}

	private Window window(ProcessCpu end, boolean othersOnly) {
		long sampler = othersOnly ? end.samplerNanos - this.samplerNanos : 0;
		Window coarse = new Window(end.coarseNanos - this.coarseNanos - sampler, false);
		boolean sameSampler = this.samplerTid != null && this.samplerTid.equals(end.samplerTid);
		if (this.threadNanos == null || end.threadNanos == null || (othersOnly && !sameSampler)
				|| !end.threadNanos.keySet().containsAll(this.threadNanos.keySet())) {
			return coarse;
		}
		Set<Long> newJavaThreads = new HashSet<>(end.javaThreads);
		newJavaThreads.removeAll(this.javaThreads);
		if (end.startedJavaThreads - this.startedJavaThreads > newJavaThreads.size()) {
			return coarse;
		}
		long total = 0;
		for (Map.Entry<String, Long> thread : end.threadNanos.entrySet()) {
			if (!othersOnly || !thread.getKey().equals(this.samplerTid)) {
				total += thread.getValue() - this.threadNanos.getOrDefault(thread.getKey(), 0L);
			}
		}
		if (coarse.nanos() - total > COARSE_ROUNDING_NANOS) {
			return coarse;
		}
		return new Window(total, true);
	}

	// thread id to nanoseconds on a CPU; null where /proc/self/task is not readable
	private static Map<String, Long> readThreads() {
		if (!Files.isDirectory(TASKS)) {
			return null;
		}
		Map<String, Long> threads = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				try {
					String line = Files.readString(task.resolve("schedstat")).trim();
					int space = line.indexOf(' ');
					threads.put(task.getFileName().toString(), Long.parseLong((space > 0) ? line.substring(0, space) : line));
				}
				catch (IOException | NumberFormatException ex) {
					// the thread ended while listed: it is missing from this sample
				}
			}
		}
		catch (IOException ex) {
			return null;
		}
		return threads;
	}

	// the calling thread's id, from /proc/thread-self -> <pid>/task/<tid>
	private static String samplerTid() {
		try {
			return THREAD_SELF.toRealPath().getFileName().toString();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
