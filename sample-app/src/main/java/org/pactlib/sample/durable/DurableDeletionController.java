package org.pactlib.sample.durable;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.pactlib.PactState;
import org.pactlib.durable.DurablePactRow;
import org.pactlib.durable.DurablePacts;
import org.pactlib.sample.storage.Storage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Durable deletions over HTTP: {@code POST /durable-deletions} starts one (a durable pact polled by any
 * instance, surviving restarts), {@code GET /durable-deletions/{id}} reads it from the table, from any
 * instance, {@code DELETE /durable-deletions/{id}} cancels it. {@code 503} when durable pacts are off.
 */
@RestController
@RequestMapping("/durable-deletions")
public class DurableDeletionController {

	private static final int ENTRIES_PER_POLL = 5;

	private final ObjectProvider<DurablePacts> pacts;

	private final Storage storage;

	private final DeletionNotifications notifications;

	/**
	 * Creates the controller.
	 * @param pacts the durable pacts, when configured
	 * @param storage the storage, for its root
	 * @param notifications the notifications recorded by the {@code then} callback
	 */
	public DurableDeletionController(ObjectProvider<DurablePacts> pacts, Storage storage,
			DeletionNotifications notifications) {
		this.pacts = pacts;
		this.storage = storage;
		this.notifications = notifications;
	}

	/**
	 * Starts a durable deletion.
	 * @param request the path, and optionally a deadline
	 * @return {@code 202} with the deletion and its {@code Location}
	 */
	@PostMapping
	public ResponseEntity<View> start(@RequestBody Request request) {
		Path path = resolve(request.path());
		String id = pacts().idOf(pacts().pact("storage.delete")
			.describedAs("Deleting " + path)
			.payload(new DurableDeletion(path.toString(), ENTRIES_PER_POLL))
			.until(DurableDeletionHandlers.IS_DELETED)
			.then(DurableDeletionHandlers.NOTIFY)
			.timeout(request.deadline())
			.start()).orElseThrow();
		return ResponseEntity.accepted().location(URI.create("/durable-deletions/" + id)).body(view(id));
	}

	/**
	 * Reads a durable deletion, whichever instance created or polls it.
	 * @param id the pact's id
	 * @return the deletion, or {@code 404}
	 */
	@GetMapping("/{id}")
	public View get(@PathVariable String id) {
		return view(id);
	}

	/**
	 * Cancels a pending durable deletion: what is deleted stays deleted.
	 * @param id the pact's id
	 * @return the deletion, or {@code 404}, or {@code 409} if it has ended
	 */
	@DeleteMapping("/{id}")
	public View cancel(@PathVariable String id) {
		View before = view(id);
		if (!pacts().cancel(id)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "durable deletion " + id + " has already ended: "
					+ before.state());
		}
		return view(id);
	}

	private View view(String id) {
		DurablePactRow row = pacts().find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no durable deletion with id " + id));
		return new View(row.id(), row.description(), row.state(), row.created(), row.deadline(), row.polls(),
				row.polledBy(), row.failure(), this.notifications.deliveries(id));
	}

	private DurablePacts pacts() {
		DurablePacts durable = this.pacts.getIfAvailable();
		if (durable == null) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "durable pacts are off (pact.durable.enabled)");
		}
		return durable;
	}

	private Path resolve(@Nullable String raw) {
		Path path;
		try {
			path = (raw != null) ? Path.of(raw).normalize() : null;
		}
		catch (InvalidPathException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path is not valid: " + ex.getMessage());
		}
		Path root = this.storage.root();
		if (path == null || !path.isAbsolute() || !path.toString().equals(raw) || !path.startsWith(root)
				|| path.equals(root)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"path must be an absolute, normalized path inside " + root + ": " + raw);
		}
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such file or directory: " + raw);
		}
		return path;
	}

	/**
	 * A request to delete a tree durably.
	 *
	 * @param path the absolute path, inside the storage root
	 * @param deadline how long it may take, or {@code null}
	 */
	public record Request(@Nullable String path, @Nullable Duration deadline) {

	}

	/**
	 * A durable deletion as its row tells it.
	 *
	 * @param id the pact's id
	 * @param description what is deleted
	 * @param state its state
	 * @param createdAt when it started
	 * @param deadline when it is due, or {@code null}
	 * @param polls how many polls it took so far
	 * @param polledBy the instance polling it now, or {@code null}
	 * @param failure why it failed or was cancelled, or {@code null}
	 * @param notifications how often the notification of its end was delivered (empty before it is)
	 */
	public record View(String id, String description, PactState state, Instant createdAt, @Nullable Instant deadline,
			long polls, @Nullable String polledBy, @Nullable String failure, List<Integer> notifications) {

	}

}
