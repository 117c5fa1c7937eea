package org.pactlib.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.autoconfigure.PactPollerScheduler;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the executor metrics of the pact registry's threads, the gauges of what it
 * holds ({@code pact.registered}, {@code pact.overdue}) and the counter of the faults it survives
 * ({@code pact.faults}), when Micrometer is on the class path and the
 * registry is auto-configured.
 */
@AutoConfiguration(after = PactAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ PactPollerScheduler.class, PactRegistry.class })
public final class PactMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PactExecutorMetrics pactExecutorMetrics(PactPollerScheduler scheduler, PactRegistry registry) {
		return new PactExecutorMetrics(scheduler, registry);
	}

	@Bean
	@ConditionalOnMissingBean
	PactRegistryMetrics pactRegistryMetrics(PactRegistry registry) {
		return new PactRegistryMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	PactFaultMetrics pactFaultMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
		return new PactFaultMetrics(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	static PactMeterDescriptions pactMeterDescriptions() {
		return new PactMeterDescriptions();
	}

}
