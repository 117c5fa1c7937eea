package org.pactlib.registry;

import org.pactlib.PactBase;

/**
 * The deadline policy of one registered pact, driven by time rather than by its polls returning, so
 * that a pact whose condition hangs is still reported and dropped: at the deadline the pact is marked
 * overdue, its {@code onTimeout} callbacks run once and listeners hear {@code deadlinePassed}; once the
 * overdue retention has passed too (at once for a retention of zero), it is cancelled and leaves the
 * registry, with a warning in the log. Runs on a poller thread, beside a poll of the same pact that may
 * be running; what its callbacks throw, even an {@code Error}, is reported as a failed poll.
 */
final class DeadlineWatch extends EngineTask {

	private final RegistryEntry entry;

	private final RegisteredPacts registry;

	private boolean overdue;

	DeadlineWatch(RegistryEntry entry, RegisteredPacts registry) {
		this.entry = entry;
		this.registry = registry;
	}

	RegistryEntry entry() {
		return this.entry;
	}

	@Override
	long run(long nowNanos) {
		if (this.entry.pact == null) {
			return DONE_RUNNING;
		}
		if (!this.overdue) {
			this.overdue = true;
			return this.entry.runDeadline(() -> deadlinePassed(nowNanos));
		}
		return this.entry.runDeadline(() -> {
			drop();
			return DONE_RUNNING;
		});
	}

	@Override
	long runFailed(Throwable failure, long nowNanos) {
		this.registry.fault(this.entry, PactFault.CALLBACK, "could not be checked for its deadline", failure);
		return DONE_RUNNING;
	}

	private long deadlinePassed(long nowNanos) {
		PactBase pact = this.entry.pact;
		if (pact == null || pact.state().isEnded()) {
			return DONE_RUNNING;
		}
		this.entry.markOverdue(this.registry.clock().instant());
		Throwable thrown = pact.passDeadline();
		if (thrown != null) {
			this.registry.fault(this.entry, PactFault.CALLBACK, "passed its deadline, and an onTimeout callback threw",
					thrown);
		}
		this.registry.events().deadlinePassed(this.entry);
		long retention = Nanos.of(this.registry.overdueRetention());
		if (retention == 0) {
			drop();
			return DONE_RUNNING;
		}
		return Nanos.saturatedAdd(nowNanos, retention);
	}

	private void drop() {
		PactBase pact = this.entry.pact;
		if (pact == null || pact.state().isEnded()) {
			return;
		}
		this.registry.events().warn(this.entry, "overdue-drop", () -> "Dropping pact " + this.entry.id + " ("
				+ this.entry.name() + "): still pending " + this.registry.overdueRetention()
				+ " after its deadline, so it is cancelled: " + FaultLog.abbreviate(String.valueOf(pact)));
		this.registry.cancelQuietly(this.entry, pact, "dropped when overdue");
	}

}
