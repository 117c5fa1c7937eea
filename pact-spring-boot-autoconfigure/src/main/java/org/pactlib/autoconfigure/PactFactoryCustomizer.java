package org.pactlib.autoconfigure;

/**
 * Callback to customize the defaults of the auto-configured {@link org.pactlib.registry.PactFactory}
 * before it is created, after the {@code pact.*} properties have been applied. Every bean of this
 * type is called, in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface PactFactoryCustomizer {

	/**
	 * Customizes the defaults the factory gives its pacts.
	 * @param defaults the general defaults and those of each name, to change in place
	 */
	void customize(PactFactoryDefaults defaults);

}
