package org.pactlib.test.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.registry.PactFactory;

/**
 * A service of the tests' application: starts deletions that take a given time on the application's
 * clock, tracked by factory pacts, and records what their callbacks saw.
 */
public class DeletionService {

	private final PactFactory pacts;

	private final PactClock clock;

	private final List<String> deleted = new CopyOnWriteArrayList<>();

	private final Map<String, Set<Thread>> pollingThreads = new ConcurrentHashMap<>();

	DeletionService(PactFactory pacts, PactClock clock) {
		this.pacts = pacts;
		this.clock = clock;
	}

	Pact delete(String path, Duration takes) {
		long doneAt = this.clock.nanoTime() + takes.toNanos();
		return this.pacts.builder("Deleting " + path)
			.name("deletion")
			.until(() -> {
				this.pollingThreads.computeIfAbsent(path, (key) -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
				return this.clock.nanoTime() >= doneAt;
			})
			.then(() -> this.deleted.add(path))
			.create();
	}

	/**
	 * Starts a deletion and, without returning its pact, an audit that ends with it.
	 */
	void deleteAudited(String path, Duration takes) {
		Pact deletion = delete(path, takes);
		this.pacts.builder("Auditing " + path).name("audit").untilComplete(deletion.toCompletableFuture()).create();
	}

	List<String> deleted() {
		return List.copyOf(this.deleted);
	}

	Set<Thread> pollingThreads(String path) {
		return Set.copyOf(this.pollingThreads.getOrDefault(path, Set.of()));
	}

}
