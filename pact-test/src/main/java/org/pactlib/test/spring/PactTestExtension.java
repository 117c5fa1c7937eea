package org.pactlib.test.spring;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit Jupiter side of {@link AutoConfigurePacts}: clears the {@link PactProbe} before each
 * test, so that it lists only the pacts that test created (a cached application context is shared by
 * many tests), and resolves {@link VirtualTime} and {@link PactProbe} parameters of test methods from
 * the test's application context. Runs after Spring's extension, which {@code @SpringBootTest}
 * registers.
 */
public final class PactTestExtension implements BeforeEachCallback, ParameterResolver {

	/**
	 * Clears the probe of the test's application context, if it has one.
	 */
	@Override
	public void beforeEach(ExtensionContext context) {
		context(context).getBeanProvider(PactProbe.class).ifAvailable(PactProbe::clear);
	}

	/**
	 * Accepts parameters of type {@link VirtualTime} and {@link PactProbe}.
	 */
	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == VirtualTime.class || type == PactProbe.class;
	}

	/**
	 * Returns the bean of the parameter's type from the test's application context.
	 * @throws org.springframework.beans.factory.NoSuchBeanDefinitionException for a {@code VirtualTime}
	 * without {@code virtualTime = true}
	 */
	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return context(extensionContext).getBean(parameterContext.getParameter().getType());
	}

	private static ApplicationContext context(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context);
	}

}
