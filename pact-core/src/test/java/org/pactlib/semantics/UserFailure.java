package org.pactlib.semantics;

import java.util.ArrayList;
import java.util.List;

/**
 * What a condition or callback of a random sequence throws: named after it, so that a label can show
 * which exception carries which as suppressed.
 */
final class UserFailure extends RuntimeException {

	UserFailure(String name) {
		super(name, null, true, false);
	}

	/** Returns {@code name[suppressed, ...]}, recursively. */
	String tree() {
		return getMessage() + suppressedOf(this);
	}

	/** Returns {@code [tree, ...]} of what {@code thrown} carries as suppressed, or nothing. */
	static String suppressedOf(Throwable thrown) {
		List<String> trees = new ArrayList<>();
		for (Throwable suppressed : thrown.getSuppressed()) {
			trees.add((suppressed instanceof UserFailure failure) ? failure.tree() : String.valueOf(suppressed));
		}
		return trees.isEmpty() ? "" : trees.toString().replace(" ", "");
	}

}
