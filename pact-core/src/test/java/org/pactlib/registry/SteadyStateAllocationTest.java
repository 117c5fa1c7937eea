package org.pactlib.registry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactGroup;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot paths allocate nothing once warm: a poll of a pending pact, a lazy group's poll, and the
 * registry's sweep (fire, take, poll, reschedule). Measured in bytes allocated by this thread, which
 * does not depend on the machine's speed.
 */
class SteadyStateAllocationTest {

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private static final com.sun.management.ThreadMXBean threads =
			(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static long allocated() {
		return threads.getCurrentThreadAllocatedBytes();
	}

	@Test
	void pollingAPendingPactAllocatesNothing() {
		Pact pact = new Pact("pending").until(() -> false).until(() -> true);
		for (int i = 0; i < 20_000; i++) {
			pact.poll();
		}
		long before = allocated();
		for (int i = 0; i < 100_000; i++) {
			pact.poll();
		}
		assertThat((allocated() - before) / 100_000.0).as("bytes per poll").isLessThan(1);
	}

	@Test
	void pollingALazyGroupWhoseFirstMemberIsPendingAllocatesNothingWhateverItsSize() {
		PactGroup group = new PactGroup();
		for (int i = 0; i < 20_000; i++) {
			group.add(new Pact("member " + i).until(() -> false));
		}
		for (int i = 0; i < 20_000; i++) {
			group.poll();
		}
		long before = allocated();
		for (int i = 0; i < 100_000; i++) {
			group.poll();
		}
		assertThat((allocated() - before) / 100_000.0).as("bytes per group poll").isLessThan(1);
	}

	@Test
	void aSweepOfThousandsOfPendingRegisteredPactsAllocatesNothing() {
		VirtualClock clock = new VirtualClock();
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.clock(clock)
			.tick(Duration.ofMillis(1))
			.backgroundPolling(false)
			.build());
		PactFactory factory = new PactFactory(registry, new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)),
				true));
		AtomicLong calls = new AtomicLong();
		BooleanSupplier[] kinds = { () -> calls.incrementAndGet() < 0, () -> calls.incrementAndGet() == -1,
				() -> calls.incrementAndGet() == -2, () -> calls.incrementAndGet() == -3 };
		int pacts = 4_000;
		for (int i = 0; i < pacts; i++) {
			factory.create("pending " + i, kinds[i % kinds.length]);
		}
		assertThat(registry.pollDue()).as("first polls, at registration").isEqualTo(pacts);
		for (int round = 0; round < 20; round++) {
			clock.advance(Duration.ofSeconds(1));
			registry.pollDue();
		}
		long polls = 0;
		long before = allocated();
		for (int round = 0; round < 50; round++) {
			clock.advance(Duration.ofSeconds(1));
			polls += registry.pollDue();
		}
		long bytes = allocated() - before;
		assertThat(polls).as("polls this thread ran").isEqualTo(50L * pacts);
		assertThat((double) bytes / polls).as("bytes per background poll (%d bytes, %d polls)", bytes, polls)
			.isLessThan(1);
	}

}
