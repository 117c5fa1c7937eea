package org.pactlib.durable;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a durable pact's handler is told besides the payload: which pact, which call, and the key by
 * which a callback can recognise that it already ran for this pact (callbacks run at least once: an
 * instance that dies after a callback ran but before it recorded so runs it again elsewhere).
 *
 * @param id the pact's id
 * @param name the low-cardinality name of the kind of operation
 * @param description what the pact waits for
 * @param kind what the handler is called for
 * @param handler the name of the handler called
 * @param polls how many polls evaluated the condition before this call
 * @param createdAt when the pact was created
 * @param deadline when it is due, or {@code null}
 */
public record DurablePactContext(String id, String name, String description, Kind kind, String handler, long polls,
		Instant createdAt, @Nullable Instant deadline) {

	/**
	 * Returns the idempotency key of this call: the pact's id and the kind of call
	 * ({@code 5f0c...:then}); the same on every instance and every repetition of the call.
	 * @return the key
	 */
	public String idempotencyKey() {
		return this.id + ":" + this.kind.key();
	}

	/**
	 * What a handler is called for.
	 */
	public enum Kind {

		/** A poll: the condition is asked whether the operation is done. */
		CONDITION("condition"),

		/** The pact finished: a {@code then} callback. */
		THEN("then"),

		/** The pact ended, however: a {@code lastly} callback. */
		LASTLY("lastly"),

		/** The pact passed its deadline: an {@code onTimeout} callback. */
		TIMEOUT("timeout");

		private final String key;

		Kind(String key) {
			this.key = key;
		}

		/**
		 * Returns the kind's name in idempotency keys.
		 * @return {@code condition}, {@code then}, {@code lastly} or {@code timeout}
		 */
		public String key() {
			return this.key;
		}

	}

}
