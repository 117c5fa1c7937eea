package org.pactlib.durable.actuate;

import org.pactlib.autoconfigure.actuate.PactsEndpointContributor;
import org.pactlib.durable.DurablePactStore;
import org.pactlib.durable.DurablePacts;
import org.pactlib.durable.PactDurableAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds durable pacts to the {@code pacts} actuator endpoint, when the actuator is on the class path and
 * {@link DurablePacts} is configured.
 */
@AutoConfiguration(after = PactDurableAutoConfiguration.class,
		beforeName = "org.pactlib.autoconfigure.actuate.PactsEndpointAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(DurablePacts.class)
public final class DurablePactsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PactsEndpointContributor durablePactsEndpointContributor(DurablePacts pacts, DurablePactStore store) {
		return new DurablePactsEndpointContributor(pacts, store);
	}

}
