package org.pactlib.autoconfigure.actuate;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application that secures its actuator as the README shows (the tagged region is the README's
 * snippet): {@code health} for anyone, every other endpoint for role {@code ACTUATOR}, HTTP Basic, and
 * no CSRF token asked of the actuator's non-browser clients (with {@code test.actuator.csrf=true}, the
 * same rules with Spring Security's CSRF protection left on). Users: {@code viewer} (role {@code USER}),
 * {@code operator} ({@code ACTUATOR}), {@code admin} ({@code ACTUATOR} and {@code PACTS_ADMIN}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecuredActuatorApplication {

	private static final Map<String, String> PASSWORDS = Map.of("viewer", "viewer-secret", "operator",
			"operator-secret", "admin", "admin-secret");

	static String passwordOf(String username) {
		return PASSWORDS.get(username);
	}

	@ConditionalOnProperty(name = "test.actuator.csrf", havingValue = "false", matchIfMissing = true)
	// tag::actuator-security[]
	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.anyRequest().hasRole("ACTUATOR"))
			.httpBasic(Customizer.withDefaults())
			.csrf(CsrfConfigurer::disable);
		return http.build();
	}
	// end::actuator-security[]

	@Bean
	@ConditionalOnProperty(name = "test.actuator.csrf", havingValue = "true")
	SecurityFilterChain actuatorSecurityWithCsrf(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.anyRequest()
				.hasRole("ACTUATOR"))
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("viewer").password("{noop}" + passwordOf("viewer")).roles("USER").build(),
				User.withUsername("operator").password("{noop}" + passwordOf("operator")).roles("ACTUATOR").build(),
				User.withUsername("admin").password("{noop}" + passwordOf("admin")).roles("ACTUATOR", "PACTS_ADMIN")
					.build());
	}

}
