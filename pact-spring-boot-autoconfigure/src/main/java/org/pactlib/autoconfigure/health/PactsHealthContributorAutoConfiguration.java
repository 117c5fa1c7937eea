package org.pactlib.autoconfigure.health;

import java.util.Locale;

import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pacts} health contributor, when Boot's health support is on the
 * class path, a {@link PactRegistry} exists, and {@code management.health.pacts.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(after = PactAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, PactRegistry.class })
@ConditionalOnBean(PactRegistry.class)
@ConditionalOnEnabledHealthIndicator("pacts")
@EnableConfigurationProperties(PactsHealthIndicatorProperties.class)
public final class PactsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pactsHealthIndicator")
	PactsHealthIndicator pactsHealthIndicator(PactRegistry registry, PactsHealthIndicatorProperties properties) {
		int threshold = properties.getOverdueThreshold();
		if (threshold < 0) {
			throw new InvalidConfigurationPropertyValueException("management.health.pacts.overdue-threshold",
					threshold, "Must not be negative.");
		}
		String status = properties.getOverdueStatus();
		if (status == null || status.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("management.health.pacts.overdue-status", status,
					"Must be a status code such as UP, DOWN or OUT_OF_SERVICE.");
		}
		return new PactsHealthIndicator(registry, threshold, new Status(status.trim().toUpperCase(Locale.ROOT)));
	}

}
