package org.pactlib.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pact} observation, when Micrometer's Observation API is on the
 * class path and an {@link ObservationRegistry} and the auto-configured {@link PactRegistry} exist: a
 * registry listener that observes every registered pact (a registry of the application's own needs
 * the {@link PactObservationListener} bean added as a listener). A {@link PactObservationConvention} bean replaces the default convention;
 * {@code management.observations.enable.pact=false} or an {@code ObservationPredicate} switches the
 * observations off.
 */
@AutoConfiguration(after = PactAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, PactRegistry.class })
@ConditionalOnBean({ ObservationRegistry.class, PactRegistry.class })
public final class PactObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PactObservationListener pactObservationListener(ObservationRegistry observationRegistry,
			ObjectProvider<PactObservationConvention> convention) {
		return new PactObservationListener(observationRegistry, convention.getIfUnique());
	}

}
