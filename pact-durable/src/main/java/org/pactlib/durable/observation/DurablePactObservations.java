package org.pactlib.durable.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.observation.DefaultPactObservationConvention;
import org.pactlib.autoconfigure.observation.PactObservationContext;
import org.pactlib.autoconfigure.observation.PactObservationConvention;
import org.pactlib.autoconfigure.observation.PactObservationDocumentation;
import org.pactlib.durable.DurablePactObserver;
import org.pactlib.durable.DurablePactRow;

/**
 * The {@code pact} observation of durable pacts, tagged {@code pact.durable=true}: started on the
 * instance that creates the pact (once its row is committed), stopped with the outcome when that
 * instance learns the pact ended, whichever instance ended it. A pact whose creating instance died is
 * not observed any more (its observation died with it); the table still shows it.
 */
public class DurablePactObservations implements DurablePactObserver {

	private static final DefaultPactObservationConvention DEFAULT_CONVENTION = new DefaultPactObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable PactObservationConvention convention;

	private final Map<String, Observation> observations = new ConcurrentHashMap<>();

	/**
	 * Creates the observer.
	 * @param observationRegistry where observations are made
	 * @param convention the convention that replaces the default one, or {@code null}
	 */
	public DurablePactObservations(ObservationRegistry observationRegistry,
			@Nullable PactObservationConvention convention) {
		this.observationRegistry = observationRegistry;
		this.convention = convention;
	}

	/**
	 * Starts the pact's observation.
	 * @param row the new pact
	 */
	@Override
	public void created(DurablePactRow row) {
		PactObservationContext context = new PactObservationContext(row.id(), row.name(), row.description(), true);
		Observation observation = PactObservationDocumentation.PACT.observation(this.convention, DEFAULT_CONVENTION,
				() -> context, this.observationRegistry);
		if (!observation.isNoop()) {
			this.observations.put(row.id(), observation.start());
		}
	}

	/**
	 * Stops the pact's observation with its outcome; a failed pact's reason is the observation's error.
	 * @param row the settled pact
	 */
	@Override
	public void ended(DurablePactRow row) {
		Observation observation = this.observations.remove(row.id());
		if (observation == null) {
			return;
		}
		PactObservationContext context = (PactObservationContext) observation.getContext();
		context.setOutcome(row.state());
		context.setOverdue(row.overdueSince() != null);
		if (row.state() == PactState.FAILED) {
			observation.error(new IllegalStateException(row.failure()));
		}
		observation.stop();
	}

	/**
	 * Returns how many durable pacts are observed now.
	 * @return the number of started, not yet stopped observations
	 */
	public int getActiveCount() {
		return this.observations.size();
	}

}
