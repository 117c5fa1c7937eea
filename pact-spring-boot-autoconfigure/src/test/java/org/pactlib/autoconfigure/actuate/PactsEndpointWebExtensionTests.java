package org.pactlib.autoconfigure.actuate;

import java.security.Principal;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code show-values=when-authorized} decided by the user and the configured roles, and the endpoint
 * itself (as JMX calls it) with its 400-style errors; no web server needed.
 */
class PactsEndpointWebExtensionTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final PactRegistry registry = PactRegistry.builder(this.scheduler).backgroundPolling(false).build();

	@AfterEach
	void close() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	private String register(String description) {
		return this.registry.register(Pact.builder(description).build().until(() -> false)).id();
	}

	@Test
	void whenAuthorizedShowsValuesToAUserWithARequiredRoleOnly() {
		String id = register("Deleting /secret");
		PactsEndpoint endpoint = new PactsEndpoint(this.registry, Show.WHEN_AUTHORIZED, 100, 1000);
		PactsEndpointWebExtension extension = new PactsEndpointWebExtension(endpoint, Set.of("ops"));

		assertThat(extension.pact(user("ops"), id).getBody().description()).isEqualTo("Deleting /secret");
		assertThat(extension.pact(user("dev"), id).getBody().description()).isEqualTo("******");
		assertThat(extension.pact(SecurityContext.NONE, id).getBody().description()).isEqualTo("******");
	}

	@Test
	void whenAuthorizedWithoutRolesShowsValuesToAnyAuthenticatedUser() {
		String id = register("Deleting /secret");
		PactsEndpoint endpoint = new PactsEndpoint(this.registry, Show.WHEN_AUTHORIZED, 100, 1000);
		PactsEndpointWebExtension extension = new PactsEndpointWebExtension(endpoint, Set.of());
		assertThat(extension.pact(user("dev"), id).getBody().description()).isEqualTo("Deleting /secret");
		assertThat(extension.pact(SecurityContext.NONE, id).getBody().description()).isEqualTo("******");
	}

	@Test
	void theEndpointItselfMasksOnlyWhenShowValuesIsNever() {
		String id = register("Deleting /secret");
		assertThat(new PactsEndpoint(this.registry, Show.WHEN_AUTHORIZED, 100, 1000).pact(id).description())
			.isEqualTo("Deleting /secret");
		assertThat(new PactsEndpoint(this.registry, Show.NEVER, 100, 1000).pacts(null, null, null, null).pacts())
			.extracting(PactDescriptor::description)
			.containsExactly("******");
	}

	@Test
	void theEndpointItselfRejectsBadParametersWithTheReason() {
		PactsEndpoint endpoint = new PactsEndpoint(this.registry, Show.ALWAYS, 100, 1000);
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.pacts("done", null, null, null))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("'state'").contains("pending"));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.pacts(null, null, null, "-3"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("'limit'").contains("from 0 to 1000"));
	}

	@Test
	void cancelOfAnUnknownIdReturnsNothing() {
		PactsEndpoint endpoint = new PactsEndpoint(this.registry, Show.ALWAYS, 100, 1000);
		assertThat(endpoint.cancel("12345")).isNull();
		assertThat(endpoint.pact("12345")).isNull();
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "alice";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

}
