package org.pactlib.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;

/**
 * Builds {@link PactSnapshot}s: copies of what a pact looks like now, read without stopping its poller.
 */
final class PactSnapshots {

	private PactSnapshots() {
	}

	/**
	 * Returns the snapshot of a registered pact.
	 * @param entry the registry's entry
	 * @param pact its pact, read once by the caller
	 * @param clock the registry's clock, on which the entry's next poll is due
	 */
	static PactSnapshot of(RegistryEntry entry, PactBase pact, PactClock clock) {
		return of(entry.id(), entry.name(), pact, entry.overdueSince(), nextPollAt(entry, clock));
	}

	/**
	 * Reads, without taking any lock, when the engine runs the entry next: now while it is queued or
	 * running, its due time while it waits in the wheel (or on its way there).
	 */
	private static Instant nextPollAt(RegistryEntry entry, PactClock clock) {
		int state = entry.state();
		if (state == EngineTask.QUEUED || state == EngineTask.RUNNING || state == EngineTask.RUN_AGAIN
				|| state == EngineTask.WOKEN) {
			return clock.instant();
		}
		if (state == EngineTask.TO_WHEEL || state == EngineTask.IN_WHEEL) {
			long due = entry.dueNanos;
			if (due == Long.MAX_VALUE) {
				return null;
			}
			long now = clock.nanoTime();
			return clock.instant().plusNanos(Math.max(0, due - now));
		}
		return null;
	}

	private static PactSnapshot of(String id, String name, PactBase pact, Instant overdueSince, Instant nextPollAt) {
		Throwable ignored = null;
		int held;
		int conditions;
		List<PactSnapshot> members = List.of();
		String description;
		if (pact instanceof Pact single) {
			description = single.getDescription();
			held = single.getHeldConditionCount();
			conditions = single.getConditionCount();
			ignored = single.getLastIgnoredException();
		}
		else {
			description = pact.toString();
			List<PactSnapshot> memberSnapshots = new ArrayList<>();
			int finished = 0;
			for (PactBase member : (PactGroup) pact) {
				memberSnapshots.add(of(null, null, member, null, null));
				finished += member.isFinished() ? 1 : 0;
			}
			members = List.copyOf(memberSnapshots);
			held = finished;
			conditions = members.size();
		}
		return new PactSnapshot(id, name, description, (pact instanceof Pact) ? "pact" : "group", pact.state(),
				pact.getCreatedAt(), pact.getDeadline(), overdueSince != null, held, conditions, pact.getPollCount(),
				pact.getLastPolledAt(), (ignored != null) ? ignored.toString() : null,
				(pact.getFailure() != null) ? pact.getFailure().getMessage() : null, members, overdueSince,
				pact.remaining(), nextPollAt, (ignored != null) ? ignored.getClass().getName() : null,
				(ignored != null) ? ignored.getMessage() : null);
	}

}
