package org.pactlib.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a measuring child reads from its own JVM: process and thread CPU time, allocation, threads,
 * heap after a full collection.
 */
public final class JvmProbes {

	private static final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private static final com.sun.management.ThreadMXBean threads =
			(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private JvmProbes() {
	}

	/**
	 * Returns the CPU time of the whole process (every thread, GC and JIT included).
	 * @return nanoseconds
	 */
	public static long processCpuNanos() {
		return os.getProcessCpuTime();
	}

	/**
	 * Returns the CPU time of the calling thread.
	 * @return nanoseconds
	 */
	public static long threadCpuNanos() {
		return threads.getCurrentThreadCpuTime();
	}

	/**
	 * Returns the bytes allocated so far by the threads alive now (threads that ended are missed).
	 * @return bytes
	 */
	public static long allocatedBytes() {
		long total = 0;
		for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			total += Math.max(0, allocated);
		}
		return total;
	}

	/**
	 * Starts counting the peak number of live threads from now.
	 */
	public static void resetPeakThreads() {
		threads.resetPeakThreadCount();
	}

	/**
	 * Returns the largest number of live threads since the last reset.
	 * @return threads, the JVM's own included
	 */
	public static int peakThreads() {
		return threads.getPeakThreadCount();
	}

	/**
	 * Returns the total time the collectors report, pauses and concurrent work as each counts it.
	 * @return milliseconds
	 */
	public static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	/**
	 * Collects until the used heap stops moving (at least three and at most ten full collections)
	 * and returns it.
	 * @return bytes of used heap
	 */
	public static long usedHeapAfterGc() {
		long previous = Long.MAX_VALUE;
		long used = 0;
		for (int round = 0; round < 10; round++) {
			System.gc();
			sleep(100);
			used = memory.getHeapMemoryUsage().getUsed();
			if (round >= 2 && Math.abs(used - previous) < 64 * 1024) {
				break;
			}
			previous = used;
		}
		return used;
	}

	/**
	 * Sleeps, keeping the interrupt flag if interrupted.
	 * @param millis how long
	 */
	public static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Returns a factory of daemon threads, so that a child ends when its main method returns.
	 * @param prefix the thread names' prefix
	 * @return the factory
	 */
	public static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
