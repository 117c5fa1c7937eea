package org.pactlib.autoconfigure;

import org.pactlib.registry.PactRegistry;

/**
 * Callback to customize the auto-configured {@link PactRegistry} before it is built, after the
 * {@code pact.*} properties, the clock, the scheduler, the poller threads and the listener beans have
 * been applied. Every bean of this type is called, in {@link org.springframework.core.annotation.Order
 * order}.
 */
@FunctionalInterface
public interface PactRegistryCustomizer {

	/**
	 * Customizes the registry's builder.
	 * @param builder the builder; each of its calls checks its argument at once
	 */
	void customize(PactRegistry.Builder builder);

}
