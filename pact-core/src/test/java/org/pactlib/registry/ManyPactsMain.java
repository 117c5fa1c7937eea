package org.pactlib.registry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.pactlib.Pact;
import org.pactlib.PactGroup;

/**
 * Creates and ends many pacts through one registry that polls on real pollers, in a JVM of its own,
 * and exits 0 if memory stayed flat: with a small heap ({@code -Xmx64m}), anything kept per pact runs
 * it out of memory long before the end. A quarter of the pacts are cancelled as soon as they are
 * registered, a quarter are groups of a fresh pact, the others finish at their first poll; the
 * registry's {@code maxPacts} pushes back on the creating thread, which retries when refused.
 * Run by {@link RegistryMemoryTest}; by hand:
 * {@code java -Xmx64m -cp pact-core/target/classes:pact-core/target/test-classes
 * org.pactlib.registry.ManyPactsMain 10000000}.
 */
public final class ManyPactsMain {

	private ManyPactsMain() {
	}

	/**
	 * @param args how many pacts to create and end (10,000,000 by default)
	 */
	public static void main(String[] args) throws InterruptedException {
		long count = (args.length > 0) ? Long.parseLong(args[0]) : 10_000_000L;
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "many-pacts-ticker");
			thread.setDaemon(true);
			return thread;
		});
		PactRegistry registry = PactRegistry.builder(scheduler).tick(Duration.ofMillis(5)).maxPacts(10_000).build();
		long start = System.nanoTime();
		long refusals = 0;
		long usedAtTenth = 0;
		for (long i = 0; i < count; i++) {
			int kind = (int) (i & 3);
			Pact pact = new Pact("pact " + i).until(() -> true);
			PactGroup group = (kind == 2) ? new PactGroup(List.of(pact)) : null;
			while (!tryRegister(registry, (group != null) ? group : pact)) {
				refusals++;
				Thread.yield();
			}
			if (kind == 1) {
				pact.cancel();
			}
			if (i == count / 10) {
				usedAtTenth = usedHeapAfterGc();
			}
		}
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (registry.size() > 0 && System.nanoTime() - end < 0) {
			Thread.sleep(10);
		}
		int left = registry.size();
		registry.shutdown(Duration.ZERO);
		scheduler.shutdownNow();
		long usedAtEnd = usedHeapAfterGc();
		System.out.printf("%d pacts created and ended in %d ms (%d refusals by maxPacts); heap used after GC: %d KiB "
				+ "at a tenth, %d KiB at the end; %d left registered%n", count,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), refusals, usedAtTenth / 1024, usedAtEnd / 1024,
				left);
		System.exit((left == 0) ? 0 : 2);
	}

	private static boolean tryRegister(PactRegistry registry, org.pactlib.PactBase pact) {
		try {
			registry.register(pact);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
