package org.pactlib.test;

import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactGroup;

/**
 * Writes what a pact looks like now, the way a failed assertion shows it: its state, how many of its
 * conditions held, how many polls evaluated it, its deadline, the last exception ignored as "not yet"
 * and its failure; a group's members follow, one a line. Reads the pact without polling it.
 */
public final class PactDescriptions {

	private PactDescriptions() {
	}

	/**
	 * Returns the snapshot of a pact as text, for instance
	 * {@code <Pact: Exporting q3> PENDING, 0 of 1 conditions held, 3 polls, last ignored: java.io.UncheckedIOException: 503}.
	 * @param pact the pact or group
	 * @return one line for a pact; a group's line, then one indented line per member
	 */
	public static String describe(PactBase pact) {
		StringBuilder text = new StringBuilder();
		describe(pact, "", text);
		return text.toString();
	}

	private static void describe(PactBase pact, String indent, StringBuilder text) {
		text.append(indent).append((pact instanceof PactGroup) ? "group " : "").append(pact).append(' ')
			.append(pact.state());
		if (pact instanceof Pact single) {
			text.append(", ").append(single.getHeldConditionCount()).append(" of ").append(single.getConditionCount())
				.append(" conditions held");
		}
		else if (pact instanceof PactGroup group) {
			int finished = 0;
			for (PactBase member : group) {
				finished += member.isFinished() ? 1 : 0;
			}
			text.append(", ").append(finished).append(" of ").append(group.size()).append(" members finished");
		}
		text.append(", ").append(pact.getPollCount()).append((pact.getPollCount() == 1) ? " poll" : " polls");
		if (pact.getTimeout() != null) {
			text.append(", deadline ").append(pact.getDeadline());
			if (pact.isDeadlinePassed()) {
				text.append(" (passed)");
			}
		}
		if (pact instanceof Pact single && single.getLastIgnoredException() != null) {
			text.append(", last ignored: ").append(single.getLastIgnoredException());
		}
		if (pact.getFailure() != null) {
			text.append(", failure: ").append(pact.getFailure().getMessage());
		}
		if (pact instanceof PactGroup group) {
			for (PactBase member : group) {
				text.append(System.lineSeparator());
				describe(member, indent + "  ", text);
			}
		}
	}

}
