package org.pactlib.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The answer of {@code DELETE /actuator/pacts/{id}}: the pact was cancelled.
 *
 * @param id the id of the cancelled pact
 * @param cancelled {@code true}: this request cancelled it
 * @param lastlyFailure what one of its {@code lastly} callbacks threw while it was cancelled (absent
 * when none threw; {@code ******} when values are not shown)
 */
public record CancelledPactDescriptor(String id, boolean cancelled, @Nullable String lastlyFailure)
		implements OperationResponseBody {

}
