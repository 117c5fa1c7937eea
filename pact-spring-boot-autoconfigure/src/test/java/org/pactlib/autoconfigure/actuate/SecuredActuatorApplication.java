package org.pactlib.autoconfigure.actuate;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application that secures its actuator as the README shows: {@code health} for anyone, every other
 * endpoint for role {@code ACTUATOR}, HTTP Basic, and no CSRF token asked of the actuator's non-browser
 * clients (unless {@code test.actuator.csrf=true}). Users: {@code viewer} (role {@code USER}),
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

	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http, @Value("${test.actuator.csrf:false}") boolean csrf) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.anyRequest()
				.hasRole("ACTUATOR"))
			.httpBasic(Customizer.withDefaults());
		if (!csrf) {
			http.csrf(CsrfConfigurer::disable);
		}
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
