package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.pactlib.PactState;

/**
 * What a registered pact (or a member of a registered group) looked like at one moment. Immutable.
 *
 * @param id the registry's id, or {@code null} for a member of a group that is not itself registered
 * @param name the low-cardinality name, or {@code null} for an unregistered member
 * @param description a pact's description, or a group's pending members
 * @param type {@code pact} or {@code group}
 * @param state the state
 * @param createdAt when the pact was created
 * @param deadline when it is due, or {@code null} without a deadline
 * @param overdue whether the registry found it pending after its deadline
 * @param heldConditions how many conditions held (for a group: how many members finished)
 * @param conditions how many conditions it has (for a group: how many members)
 * @param polls how many polls evaluated it
 * @param lastPolledAt when it was last polled, or {@code null}
 * @param lastIgnoredException the last exception ignored as "not yet", as text, or {@code null}
 * @param failure why it failed, or {@code null}
 * @param members a group's members, in iteration order; empty for a pact
 * @param overdueSince when the registry found it pending after its deadline, or {@code null}
 * @param remaining how much of the deadline was left (zero or negative once passed), or {@code null}
 * without a deadline
 * @param nextPollAt when the registry polls it next (now, for a pact that is about to be polled), or
 * {@code null} when the registry does not poll it (an unregistered member, or no background polling)
 * @param lastIgnoredExceptionType the class name of the last exception ignored as "not yet", or {@code null}
 * @param lastIgnoredExceptionMessage that exception's message, or {@code null}
 */
public record PactSnapshot(String id, String name, String description, String type, PactState state,
		Instant createdAt, Instant deadline, boolean overdue, int heldConditions, int conditions, long polls,
		Instant lastPolledAt, String lastIgnoredException, String failure, List<PactSnapshot> members,
		Instant overdueSince, Duration remaining, Instant nextPollAt, String lastIgnoredExceptionType,
		String lastIgnoredExceptionMessage) {

	/**
	 * Creates a snapshot without the timing details added later ({@code overdueSince}, {@code remaining},
	 * {@code nextPollAt}) and without the ignored exception's type and message apart.
	 * @param id the registry's id
	 * @param name the name
	 * @param description the description
	 * @param type {@code pact} or {@code group}
	 * @param state the state
	 * @param createdAt when the pact was created
	 * @param deadline when it is due, or {@code null}
	 * @param overdue whether it is overdue
	 * @param heldConditions how many conditions held
	 * @param conditions how many conditions it has
	 * @param polls how many polls evaluated it
	 * @param lastPolledAt when it was last polled, or {@code null}
	 * @param lastIgnoredException the last ignored exception, as text, or {@code null}
	 * @param failure why it failed, or {@code null}
	 * @param members a group's members
	 */
	public PactSnapshot(String id, String name, String description, String type, PactState state,
			Instant createdAt, Instant deadline, boolean overdue, int heldConditions, int conditions, long polls,
			Instant lastPolledAt, String lastIgnoredException, String failure, List<PactSnapshot> members) {
		this(id, name, description, type, state, createdAt, deadline, overdue, heldConditions, conditions, polls,
				lastPolledAt, lastIgnoredException, failure, members, null, null, null, null, null);
	}

}
