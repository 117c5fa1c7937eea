package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Directory trees for deletion tests: {@code top/d1/1 ... top/dN/M}, so a tree holds
 * {@code 1 + N + N * M} entries, each deleted in {@code sample.storage.delay-per-file}.
 */
final class Trees {

	private Trees() {
	}

	/**
	 * Creates a tree.
	 * @param top its top directory, created with its parents
	 * @param directories how many directories {@code d1 ... dN} it holds
	 * @param filesEach how many files {@code 1 ... M} each directory holds
	 * @return {@code top}
	 * @throws IOException if a file cannot be written
	 */
	static Path create(Path top, int directories, int filesEach) throws IOException {
		for (int d = 1; d <= directories; d++) {
			Path directory = Files.createDirectories(top.resolve("d" + d));
			for (int f = 1; f <= filesEach; f++) {
				Files.writeString(directory.resolve(Integer.toString(f)), d + "." + f);
			}
		}
		return Files.createDirectories(top);
	}

	/**
	 * Counts the entries of a tree, itself included.
	 * @param tree the tree
	 * @return how many files and directories it holds
	 * @throws IOException if it cannot be walked
	 */
	static long entries(Path tree) throws IOException {
		try (Stream<Path> walk = Files.walk(tree)) {
			return walk.count();
		}
	}

}
