package org.pactlib.autoconfigure.actuate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pactlib.autoconfigure.PactAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pacts} endpoint's auto-configuration asks nothing of Spring Security: with Boot's security
 * auto-configurations listed, it starts the same whether Spring Security is on the class path or not
 * (hidden here by the classes Boot's security auto-configurations look for; the rest of this module's
 * tests run with no Spring Security jar at all).
 */
@Tag("spring-security")
class PactsEndpointSpringSecurityClassPathTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class,
				PactsEndpointAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ManagementWebSecurityAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=pacts");

	@Test
	void withoutSpringSecurityTheEndpointStartsAndBootsSecurityBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AuthenticationManager.class,
				DefaultAuthenticationEventPublisher.class, EnableWebSecurity.class, HttpSecurity.class,
				SecurityFilterChain.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PactsEndpoint.class)
				.hasSingleBean(PactsEndpointWebExtension.class)
				.doesNotHaveBean(SecurityFilterChain.class));
	}

	@Test
	void withSpringSecurityTheEndpointStartsBehindBootsSecurity() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(PactsEndpoint.class)
			.hasSingleBean(PactsEndpointWebExtension.class)
			.hasSingleBean(SecurityFilterChain.class));
	}

}
