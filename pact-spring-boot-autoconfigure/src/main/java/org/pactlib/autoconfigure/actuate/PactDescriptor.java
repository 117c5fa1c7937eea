package org.pactlib.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.pactlib.PactState;
import org.pactlib.registry.PactSnapshot;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One pact as the {@code pacts} endpoint shows it. Absent values ({@code null}) are left out of the
 * JSON. Durations are ISO-8601 text ({@code PT2.5S}); instants too.
 *
 * @param id the registry's id (absent for a group's member)
 * @param name the low-cardinality name of the kind of operation (absent for a group's member)
 * @param type {@code pact} or {@code group}
 * @param description what the pact waits for, or {@code ******} when values are not shown
 * @param state the state
 * @param createdAt when it was created
 * @param age how long ago it was created
 * @param deadline when it is due (absent without a deadline)
 * @param timeLeft how much of the deadline is left, negative once passed (absent without a deadline)
 * @param overdue whether the registry found it pending after its deadline
 * @param overdueSince since when it is overdue (absent while not overdue)
 * @param conditionsHeld how many conditions held (for a group: how many members finished)
 * @param conditions how many conditions it has (for a group: how many members)
 * @param polls how many polls evaluated it
 * @param lastPolledAt when it was last polled (absent before the first poll)
 * @param nextPollAt when the registry polls it next (absent for a group's member)
 * @param lastIgnoredException the last exception a condition threw that was ignored as "not yet"
 * @param failure why it failed (absent unless it failed)
 * @param members a group's members (absent for a pact)
 * @param durable {@code true} for a durable pact kept in the database (absent for the registry's pacts)
 * @param polledBy the instance that runs a poll of this durable pact now (absent when none does)
 */
public record PactDescriptor(@Nullable String id, @Nullable String name, String type, String description,
		PactState state, Instant createdAt, String age, @Nullable Instant deadline, @Nullable String timeLeft,
		boolean overdue, @Nullable Instant overdueSince, int conditionsHeld, int conditions, long polls,
		@Nullable Instant lastPolledAt, @Nullable Instant nextPollAt, @Nullable ExceptionDescriptor lastIgnoredException,
		@Nullable String failure, @Nullable List<PactDescriptor> members, @Nullable Boolean durable,
		@Nullable String polledBy) implements OperationResponseBody {

	/** What replaces a value that is not shown, as in Boot's own endpoints. */
	public static final String MASK = "******";

	/**
	 * Describes a snapshot.
	 * @param snapshot the registry's snapshot
	 * @param now the registry's time, from which age is counted
	 * @param showValues whether to show descriptions, failures and exception messages
	 * @return the descriptor
	 */
	public static PactDescriptor of(PactSnapshot snapshot, Instant now, boolean showValues) {
		ExceptionDescriptor ignored = (snapshot.lastIgnoredExceptionType() != null)
				? new ExceptionDescriptor(snapshot.lastIgnoredExceptionType(),
						mask(snapshot.lastIgnoredExceptionMessage(), showValues))
				: null;
		List<PactDescriptor> members = "group".equals(snapshot.type())
				? snapshot.members().stream().map((member) -> of(member, now, showValues)).toList() : null;
		return new PactDescriptor(snapshot.id(), snapshot.name(), snapshot.type(),
				mask(snapshot.description(), showValues), snapshot.state(), snapshot.createdAt(),
				Duration.between(snapshot.createdAt(), now).toString(), snapshot.deadline(),
				(snapshot.remaining() != null) ? snapshot.remaining().toString() : null, snapshot.overdue(),
				snapshot.overdueSince(), snapshot.heldConditions(), snapshot.conditions(), snapshot.polls(),
				snapshot.lastPolledAt(), snapshot.nextPollAt(), ignored, mask(snapshot.failure(), showValues),
				members, null, null);
	}

	/**
	 * Returns {@code value}, or {@link #MASK} when values are not shown.
	 * @param value the value, or {@code null}
	 * @param show whether values are shown
	 * @return the value, the mask, or {@code null} for no value
	 */
	public static @Nullable String mask(@Nullable String value, boolean show) {
		return (value == null || show) ? value : MASK;
	}

	/**
	 * An exception as the endpoint shows it.
	 *
	 * @param type its class name (always shown)
	 * @param message its message, or {@code ******} when values are not shown (absent without one)
	 */
	public record ExceptionDescriptor(String type, @Nullable String message) {

	}

}
