package org.pactlib.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.observation.PactObservationDocumentation.Events;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

/**
 * Observes every registered pact: starts an {@code Observation} named {@code pact} when the pact is
 * registered (on the registering thread, so a pact created inside an observed request is its child),
 * signals its events, and stops it when the pact ends. The observation is never put in scope: the
 * pact lives on after the code that created it moves on.
 */
public class PactObservationListener implements PactRegistryListener {

	private static final DefaultPactObservationConvention DEFAULT_CONVENTION = new DefaultPactObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable PactObservationConvention convention;

	private final Map<String, Observation> observations = new ConcurrentHashMap<>();

	/**
	 * Creates the listener.
	 * @param observationRegistry where observations are made
	 * @param convention the convention that replaces the default one, or {@code null}
	 */
	public PactObservationListener(ObservationRegistry observationRegistry,
			@Nullable PactObservationConvention convention) {
		this.observationRegistry = observationRegistry;
		this.convention = convention;
	}

	/**
	 * Starts the pact's observation.
	 * @param pact the registered pact
	 */
	@Override
	public void registered(RegisteredPact pact) {
		PactObservationContext context = new PactObservationContext(pact);
		Observation observation = PactObservationDocumentation.PACT.observation(this.convention, DEFAULT_CONVENTION,
				() -> context, this.observationRegistry);
		if (observation.isNoop()) {
			return;
		}
		this.observations.put(pact.id(), observation.start());
	}

	/**
	 * Signals the {@code timeout} event.
	 * @param pact the overdue pact
	 */
	@Override
	public void deadlinePassed(RegisteredPact pact) {
		Observation observation = this.observations.get(pact.id());
		if (observation != null) {
			observation.event(Events.TIMEOUT);
		}
	}

	/**
	 * Signals {@code condition.errors} while the pact stays pending, {@code callback.errors} when it
	 * ended (a {@code then} or {@code lastly} callback threw).
	 * @param pact the pact whose poll threw
	 * @param failure what was thrown
	 */
	@Override
	public void pollFailed(RegisteredPact pact, Throwable failure) {
		Observation observation = this.observations.get(pact.id());
		if (observation != null) {
			PactBase polled = pact.pact();
			boolean ended = polled == null || polled.state().isEnded();
			observation.event(ended ? Events.CALLBACK_ERROR : Events.CONDITION_ERROR);
		}
	}

	/**
	 * Stops the pact's observation with its outcome; a failed pact's failure is the observation's error.
	 * @param pact the pact that ended
	 * @param outcome how it ended
	 */
	@Override
	public void ended(RegisteredPact pact, PactState outcome) {
		Observation observation = this.observations.remove(pact.id());
		if (observation == null) {
			return;
		}
		PactObservationContext context = (PactObservationContext) observation.getContext();
		context.setOutcome(outcome);
		context.setOverdue(pact.overdueSince() != null);
		PactBase ended = pact.pact();
		PactFailedException failure = (ended != null) ? ended.getFailure() : null;
		if (outcome == PactState.FAILED && failure != null) {
			observation.error(failure);
		}
		observation.stop();
	}

	/**
	 * Stops the pact's observation with the outcome {@code unregistered}: another poller took it over.
	 * @param pact the pact that left the registry
	 */
	@Override
	public void unregistered(RegisteredPact pact) {
		Observation observation = this.observations.remove(pact.id());
		if (observation != null) {
			PactObservationContext context = (PactObservationContext) observation.getContext();
			context.setOutcome("unregistered");
			context.setOverdue(pact.overdueSince() != null);
			observation.stop();
		}
	}

	/**
	 * Returns how many pacts are observed now.
	 * @return the number of started, not yet stopped observations
	 */
	public int getActiveCount() {
		return this.observations.size();
	}

}
