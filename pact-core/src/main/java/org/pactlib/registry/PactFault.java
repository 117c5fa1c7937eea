package org.pactlib.registry;

/**
 * The kinds of fault a {@link PactRegistry} survives, logs (rate-limited) and tells its
 * {@linkplain PactRegistryListener#faulted listeners} of: none of them stops the registry, holds up
 * the other pacts for longer than the slow-poll threshold, or loses a pact.
 */
public enum PactFault {

	/**
	 * A condition (or a {@code during} callback) threw during a background poll: the pact stays pending
	 * and is polled again at its next due time, unless the exception's type was declared ignored or
	 * failing.
	 */
	CONDITION("condition"),

	/**
	 * A {@code then}, {@code lastly} or {@code onTimeout} callback threw: the other callbacks still
	 * ran, and the pact ended (or passed its deadline) all the same.
	 */
	CALLBACK("callback"),

	/**
	 * A {@link PactRegistryListener} threw: the other listeners were still told, and the pact went on.
	 */
	LISTENER("listener"),

	/**
	 * One poll (or deadline callback) of a pact has held its poller thread for longer than the
	 * slow-poll threshold: the pacts behind it went to other pollers. Reported once per such poll,
	 * with the poller thread's stack as the throwable.
	 */
	SLOW_POLL("slow-poll");

	private final String tag;

	PactFault(String tag) {
		this.tag = tag;
	}

	/**
	 * Returns the low-cardinality name of this kind, for log lines and metric tags.
	 * @return {@code condition}, {@code callback}, {@code listener} or {@code slow-poll}
	 */
	public String tag() {
		return this.tag;
	}

}
