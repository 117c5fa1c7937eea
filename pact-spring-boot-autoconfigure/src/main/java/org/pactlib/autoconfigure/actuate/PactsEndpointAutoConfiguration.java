package org.pactlib.autoconfigure.actuate;

import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pacts} actuator endpoint, when the actuator is on the class path,
 * a {@link PactRegistry} exists, and the endpoint is available (its access is not {@code none} and it
 * is exposed).
 */
@AutoConfiguration(after = PactAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(PactRegistry.class)
@ConditionalOnAvailableEndpoint(PactsEndpoint.class)
@EnableConfigurationProperties(PactsEndpointProperties.class)
public final class PactsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PactsEndpoint pactsEndpoint(PactRegistry registry, PactsEndpointProperties properties,
			ObjectProvider<PactsEndpointContributor> contributors) {
		int maxLimit = properties.getMaxLimit();
		if (maxLimit <= 0) {
			throw new InvalidConfigurationPropertyValueException("management.endpoint.pacts.max-limit", maxLimit,
					"Must be positive.");
		}
		int defaultLimit = properties.getDefaultLimit();
		if (defaultLimit < 0 || defaultLimit > maxLimit) {
			throw new InvalidConfigurationPropertyValueException("management.endpoint.pacts.default-limit",
					defaultLimit, "Must be from 0 to management.endpoint.pacts.max-limit (" + maxLimit + ").");
		}
		return new PactsEndpoint(registry, properties.getShowValues(), defaultLimit, maxLimit,
				contributors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(EndpointWebExtension.class)
	@ConditionalOnBean(PactsEndpoint.class)
	PactsEndpointWebExtension pactsEndpointWebExtension(PactsEndpoint endpoint, PactsEndpointProperties properties) {
		return new PactsEndpointWebExtension(endpoint, properties.getRoles());
	}

}
