package org.pactlib.registry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.pactlib.PactBase;
import org.pactlib.PactState;

/**
 * Tells the {@link PactRegistryListener listeners} what happens to registered pacts, and logs the
 * {@linkplain PactFault faults}, rate-limited by a {@link FaultLog}. A listener that throws is a fault
 * like the others (logged, and told to every listener), and otherwise ignored: it disturbs neither the
 * other listeners nor the caller.
 */
final class RegistryEvents {

	private final List<PactRegistryListener> listeners = new CopyOnWriteArrayList<>();

	private final FaultLog faultLog;

	RegistryEvents(FaultLog faultLog) {
		this.faultLog = faultLog;
	}

	void add(PactRegistryListener listener) {
		this.listeners.add(listener);
	}

	void registered(RegisteredPact pact) {
		notify(pact, (listener) -> listener.registered(pact));
	}

	void ended(RegisteredPact entry, PactBase pact) {
		RegisteredPact ended = new EndedPact(entry, pact);
		PactState outcome = pact.state();
		notify(ended, (listener) -> listener.ended(ended, outcome));
	}

	void unregistered(RegisteredPact entry, PactBase pact) {
		RegisteredPact unregistered = new EndedPact(entry, pact);
		notify(unregistered, (listener) -> listener.unregistered(unregistered));
	}

	void deadlinePassed(RegisteredPact pact) {
		notify(pact, (listener) -> listener.deadlinePassed(pact));
	}

	/**
	 * Logs a fault and tells the listeners: {@code pollFailed} for a condition or callback, then
	 * {@code faulted}.
	 * @param what what went wrong, in words, for the log line
	 */
	void fault(RegisteredPact pact, PactFault fault, String what, Throwable thrown) {
		this.faultLog.log(pact, fault, what, thrown);
		if (fault == PactFault.CONDITION || fault == PactFault.CALLBACK) {
			notify(pact, (listener) -> listener.pollFailed(pact, thrown));
		}
		notify(pact, (listener) -> listener.faulted(pact, fault, thrown));
	}

	/**
	 * Logs a warning about one pact, rate-limited with the faults, without telling the listeners.
	 * @param kind the low-cardinality kind of warning
	 * @param line makes the log line
	 */
	void warn(RegisteredPact pact, String kind, Supplier<String> line) {
		this.faultLog.logLine(kind, pact.name(), line, null);
	}

	private void notify(RegisteredPact pact, Consumer<PactRegistryListener> event) {
		for (PactRegistryListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (Throwable ex) {
				listenerFailed(pact, listener, ex);
			}
		}
	}

	private void listenerFailed(RegisteredPact pact, PactRegistryListener failed, Throwable thrown) {
		this.faultLog.log(pact, PactFault.LISTENER, "was reported to the registry listener " + failed + ", which threw",
				thrown);
		for (PactRegistryListener listener : this.listeners) {
			try {
				listener.faulted(pact, PactFault.LISTENER, thrown);
			}
			catch (Throwable ex) {
				this.faultLog.log(pact, PactFault.LISTENER,
						"was reported to the registry listener " + listener + ", which threw on a fault", ex);
			}
		}
	}

	/**
	 * What listeners of {@code ended} and {@code unregistered} see: the entry as it was, with its pact,
	 * after the registry let go of it.
	 */
	private record EndedPact(RegisteredPact entry, PactBase pact) implements RegisteredPact {

		@Override
		public String id() {
			return this.entry.id();
		}

		@Override
		public String name() {
			return this.entry.name();
		}

		@Override
		public Instant overdueSince() {
			return this.entry.overdueSince();
		}

		@Override
		public String toString() {
			return "RegisteredPact[" + id() + ", " + name() + ", " + this.pact + "]";
		}

	}

}
