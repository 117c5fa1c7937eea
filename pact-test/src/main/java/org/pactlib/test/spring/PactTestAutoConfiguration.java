package org.pactlib.test.spring;

import org.pactlib.PactClock;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.autoconfigure.PactRegistryCustomizer;
import org.pactlib.registry.PactRegistry;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@link AutoConfigurePacts} imports: a {@link PactProbe} listener bean, and with
 * {@code pact.test.virtual-time=true} a {@link VirtualClock}, a registry without background polling
 * and the {@link VirtualTime} that drives it. Runs before {@link PactAutoConfiguration}, whose clock
 * then backs off.
 */
@AutoConfiguration(before = PactAutoConfiguration.class)
public final class PactTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PactProbe pactProbe() {
		return new PactProbe();
	}

	/**
	 * Virtual time: the clock, the registry's setting and the handle.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("pact.test.virtual-time")
	static final class VirtualTimeConfiguration {

		@Bean
		@ConditionalOnMissingBean(PactClock.class)
		VirtualClock pactClock() {
			return new VirtualClock();
		}

		@Bean
		PactRegistryCustomizer pactTestNoBackgroundPolling() {
			return (builder) -> builder.backgroundPolling(false);
		}

		@Bean
		@ConditionalOnMissingBean
		VirtualTime pactVirtualTime(PactRegistry registry) {
			if (!(registry.getClock() instanceof VirtualClock)) {
				throw new IllegalStateException("@AutoConfigurePacts(virtualTime = true) needs a VirtualClock, but the "
						+ "application's PactClock is " + registry.getClock() + ": declare a VirtualClock bean instead");
			}
			return new VirtualTime(registry);
		}

	}

}
