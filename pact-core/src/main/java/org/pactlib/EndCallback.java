package org.pactlib;

/**
 * A {@code then} or {@code lastly} callback in a pact's stack of end callbacks, which the thread that
 * ends the pact takes whole and {@linkplain #reverse reverses} into the order they were added.
 */
final class EndCallback {

	final Runnable action;

	final boolean onlyOnSuccess;

	EndCallback next;

	EndCallback(Runnable action, boolean onlyOnSuccess) {
		this.action = action;
		this.onlyOnSuccess = onlyOnSuccess;
	}

	static EndCallback reverse(EndCallback head) {
		EndCallback reversed = null;
		while (head != null) {
			EndCallback next = head.next;
			head.next = reversed;
			reversed = head;
			head = next;
		}
		return reversed;
	}

}
