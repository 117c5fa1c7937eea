package org.pactlib.sample;

import java.util.List;
import java.util.Map;

import org.pactlib.Pact;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactSnapshot;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts operations and shows what is pending.
 */
@RestController
public class ExportController {

	private final ExportService exports;

	private final PactRegistry registry;

	public ExportController(ExportService exports, PactRegistry registry) {
		this.exports = exports;
		this.registry = registry;
	}

	@PostMapping("/exports")
	public ResponseEntity<Map<String, Object>> export(@RequestParam String report) {
		Pact pact = this.exports.export(report);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("description", pact.getDescription(), "state", pact.state()));
	}

	@PostMapping("/purges")
	public ResponseEntity<Map<String, Object>> purge(@RequestParam String directory) {
		Pact pact = this.exports.purge(directory);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("description", pact.getDescription(), "state", pact.state()));
	}

	@GetMapping("/exports/ready")
	public List<String> ready() {
		return this.exports.readyReports();
	}

	@GetMapping("/pending")
	public List<PactSnapshot> pending() {
		return this.registry.snapshot();
	}

	@DeleteMapping("/pending/{id}")
	public ResponseEntity<Void> cancel(@PathVariable String id) {
		return this.registry.cancel(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

}
