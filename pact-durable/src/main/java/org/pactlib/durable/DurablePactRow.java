package org.pactlib.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;
import org.pactlib.PactState;

/**
 * One row of the durable pacts' table, as read at one moment. Immutable.
 *
 * @param id the pact's id (a UUID), also the id of its db-scheduler execution
 * @param name the low-cardinality name of the kind of operation
 * @param description what the pact waits for
 * @param payload the payload as JSON, or {@code null}
 * @param condition the name of the condition handler
 * @param thenHandlers the names of the {@code then} handlers, in order
 * @param lastlyHandlers the names of the {@code lastly} handlers, in order
 * @param timeoutHandlers the names of the {@code onTimeout} handlers, in order
 * @param state the state; a pact ends once, by the guarded update that moves it from {@code PENDING}
 * @param created when it was created
 * @param deadline when it is due, or {@code null}
 * @param overdueRetention how long it stays pending after its deadline before it is cancelled
 * @param backoff the intervals between two polls
 * @param polls how many polls evaluated its condition
 * @param lastPolled when its condition was last evaluated, or {@code null}
 * @param polledBy the instance running a poll of it now, or {@code null}
 * @param overdueSince when a poll first found it pending after its deadline, or {@code null}
 * @param timeoutDone whether its {@code onTimeout} handlers have run
 * @param ended when it ended, or {@code null} while pending
 * @param failure why it failed or was cancelled, or {@code null}
 * @param thenDone whether its {@code then} handlers have run
 * @param lastlyDone whether its {@code lastly} handlers have run
 * @param callbackError what the last callback that threw threw, or {@code null}
 * @param createdBy the instance that created it
 */
public record DurablePactRow(String id, String name, String description, @Nullable String payload, String condition,
		List<String> thenHandlers, List<String> lastlyHandlers, List<String> timeoutHandlers, PactState state,
		Instant created, @Nullable Instant deadline, Duration overdueRetention, Backoff backoff, long polls,
		@Nullable Instant lastPolled, @Nullable String polledBy, @Nullable Instant overdueSince, boolean timeoutDone,
		@Nullable Instant ended, @Nullable String failure, boolean thenDone, boolean lastlyDone,
		@Nullable String callbackError, String createdBy) {

	/**
	 * Whether the pact has ended and every end callback it is owed has run: nothing is left to do for it.
	 * @return {@code true} once settled
	 */
	public boolean isSettled() {
		return this.state.isEnded() && this.lastlyDone && (this.state != PactState.FINISHED || this.thenDone);
	}

}
