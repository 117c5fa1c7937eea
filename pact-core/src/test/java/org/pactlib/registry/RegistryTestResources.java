package org.pactlib.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registries, executors and latches a registry test creates, and the helpers the registry tests
 * share. A test class registers one per test instance, as {@code @RegisterExtension final
 * RegistryTestResources resources = new RegistryTestResources();}, and tracks what it creates with it.
 *
 * <p>After each test, whether it passed or not, and in this order:
 * <ol>
 * <li>every tracked latch is counted down to zero, so that no condition or thread stays blocked on it;</li>
 * <li>every tracked registry is shut down with no grace period, so that its pending pacts are cancelled
 * and its poller threads stop;</li>
 * <li>every tracked executor is shut down at once and must terminate within 10 seconds, otherwise the
 * test fails.</li>
 * </ol>
 * So a condition blocked on a tracked latch is released before its registry shuts down, and a scheduler
 * stops only after the registries it drives. The tracking methods are thread-safe.
 */
final class RegistryTestResources implements AfterEachCallback {

	private final List<PactRegistry> registries = new CopyOnWriteArrayList<>();

	private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

	private final List<CountDownLatch> latches = new CopyOnWriteArrayList<>();

	@Override
	public void afterEach(ExtensionContext context) throws InterruptedException {
		for (CountDownLatch latch : this.latches) {
			while (latch.getCount() > 0) {
				latch.countDown();
			}
		}
		for (PactRegistry registry : this.registries) {
			registry.shutdown(Duration.ZERO);
		}
		for (ExecutorService executor : this.executors) {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("executor terminated").isTrue();
		}
	}

	/** Shuts the registry down after the test. */
	PactRegistry track(PactRegistry registry) {
		this.registries.add(registry);
		return registry;
	}

	/** Shuts the executor down after the test, and checks that it terminates. */
	<E extends ExecutorService> E track(E executor) {
		this.executors.add(executor);
		return executor;
	}

	/** A latch of one, released after the test if the test did not release it. */
	CountDownLatch latch() {
		CountDownLatch latch = new CountDownLatch(1);
		this.latches.add(latch);
		return latch;
	}

	/** A tracked single-thread scheduler, its thread named "pact-test-ticker", to drive a registry. */
	ScheduledExecutorService scheduler() {
		return track(Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "pact-test-ticker")));
	}

	/** Waits up to 5 seconds, checking every 5 ms. */
	static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
	}

	/**
	 * Checks that a condition holds throughout {@code during}, every 10 ms, giving up after 3 seconds.
	 * @param during how long the condition must keep holding
	 */
	static ConditionFactory stays(Duration during) {
		return await().during(during).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10));
	}

}
