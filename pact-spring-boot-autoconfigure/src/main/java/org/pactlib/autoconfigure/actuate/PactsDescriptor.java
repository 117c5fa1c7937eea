package org.pactlib.autoconfigure.actuate;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The answer of {@code GET /actuator/pacts}: the newest pacts that matched the query, newest first.
 *
 * @param total how many pacts the registry holds
 * @param matched how many of them matched the query (more than are listed when the limit cut the list)
 * @param limit the limit that applied
 * @param pacts the newest matching pacts, newest first
 */
public record PactsDescriptor(int total, int matched, int limit, List<PactDescriptor> pacts)
		implements OperationResponseBody {

}
