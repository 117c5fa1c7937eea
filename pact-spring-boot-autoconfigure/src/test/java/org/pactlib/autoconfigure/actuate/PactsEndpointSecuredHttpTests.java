package org.pactlib.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.actuate.EndpointClient.Response;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code pacts} endpoint behind an application's own Spring Security rules, over real HTTP with
 * HTTP Basic: {@link SecuredActuatorApplication} (a {@code @TestComponent}, so that the component scans
 * of other tests skip it) lets anyone see {@code health} and asks for role {@code ACTUATOR} on every other endpoint.
 * Anonymous requests get {@code 401}, users without the role {@code 403} (and cancel nothing), users
 * with it {@code 200}; with
 * {@code show-values=when-authorized} and {@code roles=PACTS_ADMIN}, only users with that role too see
 * descriptions and messages.
 */
@Tag("spring-security")
class PactsEndpointSecuredHttpTests {

	private static final String SECRET = "Deleting /secret/42";

	abstract static class Secured {

		@LocalServerPort
		private int port;

		@Autowired
		private PactFactory factory;

		@Autowired
		private PactRegistry registry;

		@AfterEach
		void cancelLeftovers() {
			EndpointClient.cancelAll(this.registry);
		}

		EndpointClient anonymous() {
			return new EndpointClient(this.port);
		}

		EndpointClient as(String username) {
			return anonymous().withBasicAuth(username, SecuredActuatorApplication.passwordOf(username));
		}

		Pact pendingWithAnIgnoredException() {
			Pact pact = this.factory.builder(SECRET)
				.name("storage.delete")
				.ignoreExceptions(IllegalStateException.class)
				.until(() -> {
					throw new IllegalStateException("no access to /secret/42");
				})
				.create();
			String id = idOf(pact);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.registry.find(id).orElseThrow().lastIgnoredExceptionType() != null);
			return pact;
		}

		String idOf(Pact pact) {
			return this.registry.snapshot()
				.stream()
				.filter((snapshot) -> snapshot.description().equals(pact.getDescription()))
				.findFirst()
				.orElseThrow()
				.id();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredActuatorApplication.class,
			properties = { "management.endpoints.web.exposure.include=health,pacts",
					"management.endpoint.pacts.show-values=when-authorized", "management.endpoint.pacts.roles=PACTS_ADMIN",
					"pact.poll-interval=50ms" })
	class WithTheApplicationsRules extends Secured {

		@Test
		void anonymousRequestsAreAskedToAuthenticateAndCancelNothing() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			for (Response response : new Response[] { anonymous().get("/actuator/pacts"),
					anonymous().get("/actuator/pacts/" + id), anonymous().delete("/actuator/pacts/" + id) }) {
				assertThat(response.status()).isEqualTo(401);
				assertThat(response.authenticate()).hasValueSatisfying((value) -> assertThat(value).startsWith("Basic"));
				assertThat(response.text()).doesNotContain("secret");
			}
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
			assertThat(anonymous().get("/actuator/health").status()).as("the application lets anyone see health")
				.isEqualTo(200);
		}

		@Test
		void aWrongPasswordIsUnauthorized() {
			pendingWithAnIgnoredException();
			assertThat(anonymous().withBasicAuth("operator", "guess").get("/actuator/pacts").status()).isEqualTo(401);
		}

		@Test
		void usersWithoutTheRoleAreForbiddenAndCancelNothing() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			EndpointClient viewer = as("viewer");
			for (Response response : new Response[] { viewer.get("/actuator/pacts"), viewer.get("/actuator/pacts/" + id),
					viewer.delete("/actuator/pacts/" + id) }) {
				assertThat(response.status()).isEqualTo(403);
				assertThat(response.text()).doesNotContain("secret");
			}
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

		@Test
		void usersWithTheRoleButNotTheValuesRoleSeePactsMasked() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			EndpointClient operator = as("operator");
			Response list = operator.get("/actuator/pacts");
			Response one = operator.get("/actuator/pacts/" + id);
			assertThat(list.status()).isEqualTo(200);
			assertThat(one.status()).isEqualTo(200);
			for (JsonNode shown : new JsonNode[] { list.body().path("pacts").get(0), one.body() }) {
				assertThat(shown.path("id").asString()).isEqualTo(id);
				assertThat(shown.path("name").asString()).isEqualTo("storage.delete");
				assertThat(shown.path("description").asString()).isEqualTo("******");
				assertThat(shown.path("lastIgnoredException").path("type").asString())
					.isEqualTo("java.lang.IllegalStateException");
				assertThat(shown.path("lastIgnoredException").path("message").asString()).isEqualTo("******");
			}
			assertThat(list.text() + one.text()).doesNotContain("secret");
		}

		@Test
		void usersWithTheValuesRoleSeeDescriptionsAndMessages() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			JsonNode shown = as("admin").get("/actuator/pacts/" + id).body();
			assertThat(shown.path("description").asString()).isEqualTo(SECRET);
			assertThat(shown.path("lastIgnoredException").path("message").asString())
				.isEqualTo("no access to /secret/42");
			assertThat(EndpointClient.descriptions(as("admin").get("/actuator/pacts"))).containsExactly(SECRET);
		}

		@Test
		void usersWithTheRoleCancel() {
			Pact pact = pendingWithAnIgnoredException();
			Response cancelled = as("operator").delete("/actuator/pacts/" + idOf(pact));
			assertThat(cancelled.status()).isEqualTo(200);
			assertThat(cancelled.body().path("cancelled").asBoolean()).isTrue();
			assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredActuatorApplication.class,
			properties = { "management.endpoints.web.exposure.include=health,pacts",
					"management.endpoint.pacts.access=read-only", "pact.poll-interval=50ms" })
	class ReadOnly extends Secured {

		@Test
		void deleteIsRefusedEvenToUsersWithTheRole() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			assertThat(as("operator").get("/actuator/pacts/" + id).status()).isEqualTo(200);
			assertThat(as("operator").delete("/actuator/pacts/" + id).status()).isEqualTo(405);
			assertThat(anonymous().delete("/actuator/pacts/" + id).status()).as("authentication comes first")
				.isEqualTo(401);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredActuatorApplication.class,
			properties = { "management.endpoints.web.exposure.include=health,pacts", "pact.poll-interval=50ms",
					"test.actuator.csrf=true" })
	class WithCsrfProtection extends Secured {

		@Test
		void deleteWithoutACsrfTokenIsForbiddenEvenToUsersWithTheRole() {
			Pact pact = pendingWithAnIgnoredException();
			String id = idOf(pact);
			assertThat(as("operator").get("/actuator/pacts/" + id).status()).isEqualTo(200);
			assertThat(as("operator").delete("/actuator/pacts/" + id).status()).isEqualTo(403);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	/**
	 * The application: it secures its actuator as the README shows (the tagged region is the README's
	 * snippet): {@code health} for anyone, every other endpoint for role {@code ACTUATOR}, HTTP Basic, and
	 * no CSRF token asked of the actuator's non-browser clients (with {@code test.actuator.csrf=true}, the
	 * same rules with Spring Security's CSRF protection left on). Users: {@code viewer} (role {@code USER}),
	 * {@code operator} ({@code ACTUATOR}), {@code admin} ({@code ACTUATOR} and {@code PACTS_ADMIN}).
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@TestComponent
	static class SecuredActuatorApplication {

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

}
