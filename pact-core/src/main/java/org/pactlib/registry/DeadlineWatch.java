package org.pactlib.registry;

/**
 * The deadline of one registered pact, driven by time rather than by its polls returning, so that a
 * pact whose condition hangs is still reported and dropped: at the deadline the pact is marked overdue
 * (its {@code onTimeout} callbacks run once, listeners hear {@code deadlinePassed}); once the overdue
 * retention has passed too, it is cancelled and leaves the registry. Runs on a poller thread, beside a
 * poll of the same pact that may be running.
 */
final class DeadlineWatch extends EngineTask {

	private final RegistryEntry entry;

	private final PactRegistry registry;

	private boolean overdue;

	DeadlineWatch(RegistryEntry entry, PactRegistry registry) {
		this.entry = entry;
		this.registry = registry;
	}

	@Override
	long run(long nowNanos) {
		if (this.entry.pact == null) {
			return DONE_RUNNING;
		}
		if (!this.overdue) {
			this.overdue = true;
			return this.entry.runDeadline(() -> this.registry.deadlinePassed(this.entry, nowNanos));
		}
		return this.entry.runDeadline(() -> {
			this.registry.dropOverdue(this.entry);
			return DONE_RUNNING;
		});
	}

	@Override
	long runFailed(Throwable failure, long nowNanos) {
		this.registry.pollFailed(this.entry, failure);
		return DONE_RUNNING;
	}

}
