package org.pactlib.autoconfigure.actuate;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code pacts} endpoint over HTTP: {@code 400} with a message for a bad query parameter,
 * {@code 404} for an unknown id, and {@code show-values=when-authorized} decided by the request's
 * user and roles.
 */
@EndpointWebExtension(endpoint = PactsEndpoint.class)
public class PactsEndpointWebExtension {

	private final PactsEndpoint delegate;

	private final Set<String> roles;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 * @param roles the roles a user needs to see values when {@code show-values} is {@code when-authorized}
	 */
	public PactsEndpointWebExtension(PactsEndpoint delegate, Set<String> roles) {
		this.delegate = delegate;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Lists the newest pending pacts that match the query: {@code 200} with {@link PactsDescriptor}, or
	 * {@code 400} with {@link PactsErrorDescriptor} naming the bad parameter.
	 * @param securityContext the request's user
	 * @param state only pacts in this state, or {@code null}
	 * @param name only pacts of this name, or {@code null}
	 * @param overdue {@code true} or {@code false}, or {@code null}
	 * @param limit how many to list at most, or {@code null} for the default
	 * @return the response
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> pacts(SecurityContext securityContext, @Nullable String state,
			@Nullable String name, @Nullable String overdue, @Nullable String limit) {
		PactsQuery query;
		try {
			query = this.delegate.query(state, name, overdue, limit);
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(
					new PactsErrorDescriptor(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getReason()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(this.delegate.pacts(query, isShown(securityContext)));
	}

	/**
	 * Describes one pending pact: {@code 200}, or {@code 404} when no pending pact has that id.
	 * @param securityContext the request's user
	 * @param id the registry's id
	 * @return the response
	 */
	@ReadOperation
	public WebEndpointResponse<PactDescriptor> pact(SecurityContext securityContext, @Selector String id) {
		return respond(this.delegate.pact(id, isShown(securityContext)));
	}

	/**
	 * Cancels one pending pact: {@code 200}, or {@code 404} when no pending pact has that id. Not
	 * available when {@code management.endpoint.pacts.access} is {@code read-only}.
	 * @param securityContext the request's user
	 * @param id the registry's id
	 * @return the response
	 */
	@DeleteOperation
	public WebEndpointResponse<CancelledPactDescriptor> cancel(SecurityContext securityContext,
			@Selector String id) {
		return respond(this.delegate.cancel(id, isShown(securityContext)));
	}

	private boolean isShown(SecurityContext securityContext) {
		return this.delegate.getShowValues().isShown(securityContext, this.roles);
	}

	private static <T> WebEndpointResponse<T> respond(Optional<T> body) {
		return body.map(WebEndpointResponse::new)
			.orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
	}

}
