package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.pactlib.PactBase;
import org.pactlib.PactState;

/**
 * Tells the {@link PactRegistryListener listeners} what happens to registered pacts. A listener that
 * throws is logged and otherwise ignored: it disturbs neither the other listeners nor the caller.
 */
final class RegistryEvents {

	private static final Logger logger = System.getLogger(PactRegistry.class.getName());

	private final List<PactRegistryListener> listeners = new CopyOnWriteArrayList<>();

	void add(PactRegistryListener listener) {
		this.listeners.add(listener);
	}

	void registered(RegisteredPact pact) {
		notify(pact, (listener) -> listener.registered(pact));
	}

	void ended(RegisteredPact entry, PactBase pact) {
		RegisteredPact ended = new EndedPact(entry, pact);
		PactState outcome = pact.state();
		notify(entry, (listener) -> listener.ended(ended, outcome));
	}

	void unregistered(RegisteredPact entry, PactBase pact) {
		RegisteredPact unregistered = new EndedPact(entry, pact);
		notify(entry, (listener) -> listener.unregistered(unregistered));
	}

	void deadlinePassed(RegisteredPact pact) {
		notify(pact, (listener) -> listener.deadlinePassed(pact));
	}

	void pollFailed(RegisteredPact pact, Throwable failure) {
		notify(pact, (listener) -> listener.pollFailed(pact, failure));
	}

	private void notify(RegisteredPact pact, Consumer<PactRegistryListener> event) {
		for (PactRegistryListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (Throwable ex) {
				logger.log(Level.WARNING, "Pact registry listener " + listener + " failed on pact " + pact.id(), ex);
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
