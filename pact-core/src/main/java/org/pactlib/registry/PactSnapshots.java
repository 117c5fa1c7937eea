package org.pactlib.registry;

import java.util.ArrayList;
import java.util.List;

import org.pactlib.Pact;
import org.pactlib.PactBase;
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
	 */
	static PactSnapshot of(RegisteredPact entry, PactBase pact) {
		return of(entry.id(), entry.name(), pact, entry.overdueSince() != null);
	}

	private static PactSnapshot of(String id, String name, PactBase pact, boolean overdue) {
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
				memberSnapshots.add(of(null, null, member, false));
				finished += member.isFinished() ? 1 : 0;
			}
			members = List.copyOf(memberSnapshots);
			held = finished;
			conditions = members.size();
		}
		return new PactSnapshot(id, name, description, (pact instanceof Pact) ? "pact" : "group", pact.state(),
				pact.getCreatedAt(), pact.getDeadline(), overdue, held, conditions, pact.getPollCount(),
				pact.getLastPolledAt(), (ignored != null) ? ignored.toString() : null,
				(pact.getFailure() != null) ? pact.getFailure().getMessage() : null, members);
	}

}
