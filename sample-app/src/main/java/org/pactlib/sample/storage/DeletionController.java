package org.pactlib.sample.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.pactlib.PactBase;
import org.pactlib.PactState;
import org.pactlib.registry.PactRegistry;

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
 * Deletions over HTTP: {@code POST /deletions} starts one, {@code POST /deletions/batch} several in a
 * group, {@code GET} reads them, {@code DELETE /deletions/{id}} cancels one. Bad input is answered with
 * an RFC 9457 problem detail ({@code spring.mvc.problemdetails.enabled}).
 */
@RestController
@RequestMapping("/deletions")
public class DeletionController {

	private final StorageService service;

	private final Storage storage;

	private final Deletions deletions;

	private final PactRegistry registry;

	private final StorageProperties properties;

	/**
	 * Creates the controller.
	 * @param service the service that deletes
	 * @param storage the storage, for its root
	 * @param deletions the deletions started so far
	 * @param registry the registry, to cancel
	 * @param properties the batch limit
	 */
	public DeletionController(StorageService service, Storage storage, Deletions deletions, PactRegistry registry,
			StorageProperties properties) {
		this.service = service;
		this.storage = storage;
		this.deletions = deletions;
		this.registry = registry;
		this.properties = properties;
	}

	/**
	 * Starts a deletion: with a {@code deadline} the pact has that deadline, with {@code async} the
	 * delete starts on the application task executor.
	 * @param request the path, and optionally the deadline and whether to start it asynchronously
	 * @return {@code 202} with the deletion and its {@code Location}
	 */
	@PostMapping
	public ResponseEntity<Deletions.View> start(@RequestBody DeletionRequest request) {
		Path path = resolve(request.path());
		if (request.deadline() != null && (request.deadline().isNegative() || request.deadline().isZero())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "deadline must be positive: " + request.deadline());
		}
		if (request.isAsync() && request.deadline() != null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "async and deadline do not go together");
		}
		PactBase pact;
		String kind;
		if (request.isAsync()) {
			pact = this.service.deleteInBackground(path);
			kind = "async";
		}
		else if (request.deadline() != null) {
			pact = this.service.deleteWithin(path, request.deadline());
			kind = "deadline";
		}
		else {
			pact = this.service.delete(path);
			kind = "plain";
		}
		return accepted(this.deletions.add(kind, List.of(path), pact));
	}

	/**
	 * Starts a batch of deletions, in a group.
	 * @param request the paths, at most {@code sample.storage.max-batch}
	 * @return {@code 202} with the batch and its {@code Location}
	 */
	@PostMapping("/batch")
	public ResponseEntity<Deletions.View> startBatch(@RequestBody BatchRequest request) {
		List<String> raw = (request.paths() != null) ? request.paths() : List.of();
		if (raw.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "paths must not be empty");
		}
		if (raw.size() > this.properties.maxBatch()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"a batch holds at most " + this.properties.maxBatch() + " paths, not " + raw.size());
		}
		List<Path> paths = new ArrayList<>();
		for (String path : raw) {
			Path resolved = resolve(path);
			if (paths.stream().anyMatch((other) -> other.startsWith(resolved) || resolved.startsWith(other))) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "paths overlap: " + resolved);
			}
			paths.add(resolved);
		}
		return accepted(this.deletions.add("batch", paths, this.service.deleteAll(paths)));
	}

	/**
	 * Reads a deletion.
	 * @param id its id
	 * @return the deletion
	 */
	@GetMapping("/{id}")
	public Deletions.View get(@PathVariable String id) {
		return find(id).view();
	}

	/**
	 * Lists the deletions, newest first.
	 * @return the deletions
	 */
	@GetMapping
	public List<Deletions.View> list() {
		return this.deletions.list().stream().map(Deletions.Deletion::view).toList();
	}

	/**
	 * Cancels a pending deletion: what is not deleted yet stays.
	 * @param id its id
	 * @return the deletion, cancelled
	 */
	@DeleteMapping("/{id}")
	public Deletions.View cancel(@PathVariable String id) {
		Deletions.Deletion deletion = find(id);
		if (!this.registry.cancel(id) && deletion.pact().state() != PactState.CANCELLED) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"deletion " + id + " has already ended: " + deletion.pact().state());
		}
		return deletion.view();
	}

	private Deletions.Deletion find(String id) {
		return this.deletions.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no deletion with id " + id));
	}

	private ResponseEntity<Deletions.View> accepted(Deletions.Deletion deletion) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/deletions/" + deletion.id()))
			.body(deletion.view());
	}

	private Path resolve(String raw) {
		if (raw == null || raw.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path must not be empty");
		}
		Path path;
		try {
			path = Path.of(raw);
		}
		catch (InvalidPathException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path is not valid: " + ex.getMessage());
		}
		if (!path.isAbsolute()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path must be absolute: " + raw);
		}
		for (Path segment : path) {
			if (segment.toString().equals("..") || segment.toString().equals(".")) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path must not contain . or ..: " + raw);
			}
		}
		Path root = this.storage.root();
		if (!path.startsWith(root) || path.equals(root)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path must be inside " + root + ": " + raw);
		}
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such file or directory: " + raw);
		}
		try {
			if (!path.getParent().toRealPath().startsWith(root.toRealPath())) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "path leads outside " + root + ": " + raw);
			}
		}
		catch (IOException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such file or directory: " + raw);
		}
		return path;
	}

	/**
	 * A request to delete one tree.
	 * @param path the absolute path of a file or directory under the root
	 * @param deadline how long the deletion may take before it is overdue (ISO-8601), or {@code null}
	 * @param async whether to start it on the application task executor ({@code false} when absent)
	 */
	public record DeletionRequest(String path, Duration deadline, Boolean async) {

		/**
		 * Returns whether to start the deletion on the application task executor.
		 * @return {@code true} if {@code async} was given as {@code true}
		 */
		public boolean isAsync() {
			return Boolean.TRUE.equals(this.async);
		}
	}

	/**
	 * A request to delete several trees.
	 * @param paths absolute paths under the root, none inside another
	 */
	public record BatchRequest(List<String> paths) {
	}

}
