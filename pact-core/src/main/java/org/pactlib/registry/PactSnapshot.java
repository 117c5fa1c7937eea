package org.pactlib.registry;

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
 */
public record PactSnapshot(String id, String name, String description, String type, PactState state,
		Instant createdAt, Instant deadline, boolean overdue, int heldConditions, int conditions, long polls,
		Instant lastPolledAt, String lastIgnoredException, String failure, List<PactSnapshot> members) {

}
