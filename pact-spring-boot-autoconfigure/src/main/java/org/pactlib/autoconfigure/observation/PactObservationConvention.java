package org.pactlib.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the {@code pact} observation: declare a bean of this type to replace
 * {@link DefaultPactObservationConvention}.
 */
public interface PactObservationConvention extends ObservationConvention<PactObservationContext> {

	/**
	 * Supports {@link PactObservationContext} only.
	 * @param context the context
	 * @return whether it is a pact's context
	 */
	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PactObservationContext;
	}

}
