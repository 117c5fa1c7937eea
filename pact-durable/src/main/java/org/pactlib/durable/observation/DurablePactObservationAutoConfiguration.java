package org.pactlib.durable.observation;

import io.micrometer.observation.ObservationRegistry;
import org.pactlib.autoconfigure.observation.PactObservationConvention;
import org.pactlib.durable.DurablePacts;
import org.pactlib.durable.PactDurableAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pact} observation of durable pacts, when Micrometer's Observation API
 * is on the class path and an {@link ObservationRegistry} and {@link DurablePacts} exist. The application's
 * {@link PactObservationConvention} applies to them too.
 */
@AutoConfiguration(after = PactDurableAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, DurablePacts.class })
public final class DurablePactObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DurablePactObservations durablePactObservations(ObservationRegistry observationRegistry,
			ObjectProvider<PactObservationConvention> convention) {
		return new DurablePactObservations(observationRegistry, convention.getIfUnique());
	}

}
