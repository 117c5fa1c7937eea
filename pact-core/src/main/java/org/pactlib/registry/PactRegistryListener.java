package org.pactlib.registry;

import org.pactlib.PactState;

/**
 * Told what happens to the pacts of a {@link PactRegistry}: for metrics, traces, logs and audits.
 *
 * <p>Methods are called on the thread where the event happens (the registering thread, a poller
 * thread, or the thread that ended the pact) and must return quickly. An exception thrown by a
 * listener is logged and otherwise ignored: it disturbs neither the other listeners nor the poller.
 * For one pact, {@link #registered} comes before every other event, and {@link #ended} (or
 * {@link #unregistered}) comes last.
 */
public interface PactRegistryListener {

	/**
	 * A pact was registered and will be polled in the background.
	 * @param pact the registered pact
	 */
	default void registered(RegisteredPact pact) {
	}

	/**
	 * A registered pact ended and left the registry.
	 * @param pact the pact that ended
	 * @param outcome {@link PactState#FINISHED}, {@link PactState#FAILED} or {@link PactState#CANCELLED}
	 */
	default void ended(RegisteredPact pact, PactState outcome) {
	}

	/**
	 * A pending pact was {@linkplain PactRegistry#unregister unregistered}: something else polls it now.
	 * No other event follows for it.
	 * @param pact the pact that left the registry
	 */
	default void unregistered(RegisteredPact pact) {
	}

	/**
	 * A poll found a registered pact still pending after its deadline; its {@code onTimeout} callbacks
	 * have just run. Called once per pact.
	 * @param pact the overdue pact
	 */
	default void deadlinePassed(RegisteredPact pact) {
	}

	/**
	 * A background poll of a registered pact threw: one of its conditions or callbacks did.
	 * @param pact the pact whose poll threw
	 * @param failure what was thrown (with later exceptions of the same poll suppressed)
	 */
	default void pollFailed(RegisteredPact pact, Throwable failure) {
	}

	/**
	 * Something went wrong with a registered pact and the registry carried on: a condition or callback
	 * threw (each also reported as {@link #pollFailed}), a listener threw (this one included), or a poll
	 * held its poller longer than the slow-poll threshold. Called on the thread where it happened (the
	 * registry's tick thread for {@link PactFault#SLOW_POLL}); what this method throws is only logged.
	 * @param pact the pact at fault
	 * @param fault what went wrong
	 * @param thrown what was thrown; for {@link PactFault#SLOW_POLL}, the stack of the held poller thread
	 */
	default void faulted(RegisteredPact pact, PactFault fault, Throwable thrown) {
	}

}
