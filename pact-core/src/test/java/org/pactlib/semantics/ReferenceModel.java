package org.pactlib.semantics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.pactlib.PactState;

/**
 * What pacts and groups do, written from the fixed API ({@code shared/spec/core-api.md}) and the README
 * and nothing else: a plain single-threaded model of the seed's semantics and the port's outcomes.
 * <ul>
 * <li>A poll of a pending pact runs its {@code during} callbacks, then evaluates the conditions that
 * have not held yet, in order (lazy: up to the first that does not hold); once all held it finishes and
 * runs its {@code then}, then its {@code lastly} callbacks, each in the order added. A poll of an ended
 * pact evaluates nothing.</li>
 * <li>A poll of a pending group runs its {@code during} callbacks; it fails if a member failed or was
 * cancelled; else polls its pending members in order (lazy: up to the first still pending), fails if a
 * member it polled failed, and finishes once every member finished. A member counts as finished for
 * the group (iteration, {@code toString}) once a poll of the group saw it finished.</li>
 * <li>{@code fail} and {@code cancel} end a pending pact and run its {@code lastly} callbacks;
 * cancelling a group then cancels its members, in order. {@code then} on a finished pact and
 * {@code lastly} on an ended one run at once; {@code during} and {@code onTimeout} on an ended one
 * never run; {@code until} on an ended pact and {@code add} to an ended group throw
 * {@code IllegalStateException}; absorbing a group throws {@code UnsupportedOperationException}; a member
 * twice, or a group into itself or a group it contains, {@code IllegalArgumentException}. Absorbing a
 * pact moves its pending {@code then} and {@code lastly} callbacks to the end of the group's.</li>
 * <li>{@code await} polls, then sleeps a second (cut to the time left), until finished; it polls at
 * least once; without a timeout it waits for the deadline (counted from creation); on timeout it runs
 * the {@code onTimeout} callbacks and throws {@code Timeout of N seconds expired waiting for PACT}.</li>
 * <li>A callback that throws does not stop the others: after all ran, the first exception is thrown
 * with the later ones suppressed (those of a group's members' cancellations too); a condition that
 * throws ends the poll, which throws it with the {@code during} exceptions of the poll suppressed, and
 * the pact stays pending (a group whose member's poll threw too, without counting that member as
 * finished); {@code onTimeout} exceptions are suppressed on the timeout. A callback run at once, when
 * added to an ended pact, throws as it is.</li>
 * </ul>
 */
final class ReferenceModel implements PactWorld {

	private static final long POLL_INTERVAL_MILLIS = 1000;

	private final Map<Integer, Node> nodes = new TreeMap<>();

	private final Map<Integer, Long> conditionTimes = new TreeMap<>();

	private final Set<Integer> throwingConditions = new HashSet<>();

	private final Set<Integer> trueConditions = new HashSet<>();

	private final List<String> log = new ArrayList<>();

	private long now;

	/** Returns the ids of the pacts and groups created so far. */
	List<Integer> ids() {
		return new ArrayList<>(this.nodes.keySet());
	}

	/** Returns the ids of the pacts and groups still pending. */
	List<Integer> pendingIds() {
		return this.nodes.values().stream().filter((node) -> node.state == PactState.PENDING).map((node) -> node.id)
			.toList();
	}

	/** Returns the ids of the groups created so far. */
	List<Integer> groupIds() {
		return this.nodes.values().stream().filter((node) -> node.group).map((node) -> node.id).toList();
	}

	/** Returns the ids of the conditions that only {@link #makeTrue} can make hold. */
	List<Integer> flagConditions() {
		return this.conditionTimes.keySet().stream().filter((id) -> this.conditionTimes.get(id) == null).toList();
	}

	/** Returns whether {@code await()} without a timeout ends on this pact: it has a deadline or ended. */
	boolean awaitEnds(int id) {
		Node node = this.nodes.get(id);
		return node != null && (node.timeoutMillis != null || node.state != PactState.PENDING);
	}

	long now() {
		return this.now;
	}

	@Override
	public String createPact(int id, boolean lazy, Long timeoutMillis) {
		this.nodes.put(id, new Node(id, false, lazy, timeoutMillis, this.now));
		return "ok";
	}

	@Override
	public String createGroup(int id, boolean lazy, Long timeoutMillis, List<Integer> members) {
		this.nodes.put(id, new Node(id, true, lazy, timeoutMillis, this.now));
		List<String> results = new ArrayList<>();
		for (int member : members) {
			results.add(add(id, member, false));
		}
		return String.join(" ", results);
	}

	@Override
	public String until(int id, int condition, Long atMillis, boolean throwing) {
		Node node = this.nodes.get(id);
		if (node == null || node.group) {
			return "skipped";
		}
		if (node.state != PactState.PENDING) {
			return "IllegalStateException";
		}
		this.conditionTimes.put(condition, atMillis);
		if (throwing && atMillis == null) {
			this.throwingConditions.add(condition);
		}
		node.conditions.add(condition);
		return "ok";
	}

	@Override
	public String makeTrue(int condition) {
		this.trueConditions.add(condition);
		return "ok";
	}

	@Override
	public String then(int id, int callback, boolean throwing) {
		Callback then = new Callback("then" + callback, throwing);
		return onNode(id, (node) -> {
			if (node.state == PactState.PENDING) {
				node.thens.add(then);
				return "ok";
			}
			return (node.state == PactState.FINISHED) ? label(run(then, null)) : "ok";
		});
	}

	@Override
	public String lastly(int id, int callback, boolean throwing) {
		Callback lastly = new Callback("lastly" + callback, throwing);
		return onNode(id, (node) -> {
			if (node.state == PactState.PENDING) {
				node.lastlies.add(lastly);
				return "ok";
			}
			return label(run(lastly, null));
		});
	}

	@Override
	public String during(int id, int callback, boolean throwing) {
		return onNode(id, (node) -> {
			if (node.state == PactState.PENDING) {
				node.durings.add(new Callback("during" + callback, throwing));
			}
			return "ok";
		});
	}

	@Override
	public String onTimeout(int id, int callback, boolean throwing) {
		return onNode(id, (node) -> {
			if (node.state == PactState.PENDING) {
				node.timeouts.add(new Callback("onTimeout" + callback, throwing));
			}
			return "ok";
		});
	}

	@Override
	public String poll(int id) {
		return onNode(id, (node) -> {
			try {
				return String.valueOf(poll(node));
			}
			catch (Thrown thrown) {
				return label(thrown);
			}
		});
	}

	@Override
	public String cancel(int id) {
		return onNode(id, (node) -> {
			Thrown[] thrown = new Thrown[1];
			boolean cancelled = cancel(node, thrown);
			return (thrown[0] != null) ? label(thrown[0]) : String.valueOf(cancelled);
		});
	}

	@Override
	public String fail(int id) {
		return onNode(id, (node) -> {
			Thrown[] thrown = new Thrown[1];
			boolean failed = end(node, PactState.FAILED, thrown);
			return (thrown[0] != null) ? label(thrown[0]) : String.valueOf(failed);
		});
	}

	@Override
	public String add(int groupId, int memberId, boolean absorb) {
		Node group = this.nodes.get(groupId);
		Node member = this.nodes.get(memberId);
		if (group == null || !group.group || member == null) {
			return "skipped";
		}
		if (absorb && member.group) {
			return "UnsupportedOperationException";
		}
		if (member.group && (member == group || contains(member, group))) {
			return "IllegalArgumentException";
		}
		if (group.state != PactState.PENDING) {
			return "IllegalStateException";
		}
		if (group.members.contains(member)) {
			return "IllegalArgumentException";
		}
		if (absorb) {
			group.thens.addAll(member.thens);
			group.lastlies.addAll(member.lastlies);
			member.thens.clear();
			member.lastlies.clear();
		}
		group.members.add(member);
		return "ok";
	}

	@Override
	public String advance(long millis) {
		this.now += millis;
		return "ok";
	}

	@Override
	public String await(int id, Long timeoutMillis) {
		return onNode(id, (node) -> await(node, timeoutMillis));
	}

	@Override
	public String observe() {
		StringBuilder text = new StringBuilder("at ").append(this.now).append(" ms, log ").append(this.log);
		this.nodes.forEach((id, node) -> {
			text.append("\n  ").append(id).append(": ").append(node.state)
				.append((node.state == PactState.FINISHED) ? " finished " : " ").append(describe(node));
			if (node.group) {
				List<String> order = new ArrayList<>();
				pendingForGroup(node).forEach((member) -> order.add(describe(member)));
				node.seenFinished.forEach((member) -> order.add(describe(member)));
				text.append(" iterates ").append(order);
			}
		});
		return text.toString();
	}

	private String await(Node node, Long timeoutMillis) {
		long start = this.now;
		Long limit = timeoutMillis;
		boolean limitIsDeadline = false;
		if (limit == null && node.timeoutMillis != null) {
			limit = Math.max(0, node.timeoutMillis - (start - node.createdMillis));
			limitIsDeadline = true;
		}
		for (;;) {
			try {
				if (poll(node)) {
					return "ok";
				}
			}
			catch (Thrown thrown) {
				return label(thrown);
			}
			if (node.state == PactState.FAILED) {
				return "failed";
			}
			if (node.state == PactState.CANCELLED) {
				return "cancelled";
			}
			long left = (limit != null) ? limit - (this.now - start) : Long.MAX_VALUE;
			if (left <= 0) {
				String seconds = limitIsDeadline ? Double.toString(limit / 1000.0)
						: BigDecimal.valueOf(limit, 3).stripTrailingZeros().toPlainString();
				String message = "timeout: Timeout of " + seconds + " seconds expired waiting for " + describe(node);
				Thrown timeout = new Thrown("timeout");
				for (Callback callback : node.timeouts) {
					timeout = Thrown.chain(timeout, run(callback, null));
				}
				return message + timeout.suppressed();
			}
			this.now += Math.min(POLL_INTERVAL_MILLIS, left);
		}
	}

	/**
	 * One poll.
	 * @throws Thrown what the poll throws, after it did what it does
	 */
	private boolean poll(Node node) {
		if (node.state != PactState.PENDING) {
			return node.state == PactState.FINISHED;
		}
		Thrown thrown = null;
		for (Callback during : node.durings) {
			thrown = run(during, thrown);
		}
		boolean all;
		boolean failed = false;
		try {
			if (node.group) {
				failed = hasFailedMember(node);
				all = !failed && pollMembers(node);
				failed = failed || (!all && hasFailedMember(node));
			}
			else {
				all = evaluateConditions(node);
			}
		}
		catch (Thrown fromCondition) {
			throw Thrown.chain(fromCondition, thrown);
		}
		Thrown[] ended = new Thrown[1];
		if (all) {
			end(node, PactState.FINISHED, ended);
		}
		else if (failed) {
			end(node, PactState.FAILED, ended);
		}
		thrown = Thrown.chain(thrown, ended[0]);
		if (thrown != null) {
			throw thrown;
		}
		return all;
	}

	private boolean evaluateConditions(Node node) {
		boolean all = true;
		for (int condition : node.conditions) {
			if (node.held.contains(condition)) {
				continue;
			}
			this.log.add("cond" + condition);
			if (this.throwingConditions.contains(condition) && !this.trueConditions.contains(condition)) {
				throw new Thrown("cond" + condition);
			}
			if (holds(condition)) {
				node.held.add(condition);
			}
			else {
				all = false;
				if (node.lazy) {
					break;
				}
			}
		}
		return all;
	}

	private boolean pollMembers(Node group) {
		boolean all = true;
		for (Node member : pendingForGroup(group)) {
			if (poll(member)) {
				group.seenFinished.add(member);
			}
			else {
				all = false;
				if (group.lazy) {
					break;
				}
			}
		}
		return all;
	}

	private boolean holds(int condition) {
		Long at = this.conditionTimes.get(condition);
		return (at != null) ? this.now >= at : this.trueConditions.contains(condition);
	}

	private static boolean hasFailedMember(Node group) {
		return group.members.stream()
			.anyMatch((member) -> member.state == PactState.FAILED || member.state == PactState.CANCELLED);
	}

	private static List<Node> pendingForGroup(Node group) {
		return group.members.stream().filter((member) -> !group.seenFinished.contains(member)).toList();
	}

	private boolean cancel(Node node, Thrown[] thrown) {
		if (!end(node, PactState.CANCELLED, thrown)) {
			return false;
		}
		for (Node member : node.members) {
			Thrown[] fromMember = new Thrown[1];
			cancel(member, fromMember);
			thrown[0] = Thrown.chain(thrown[0], fromMember[0]);
		}
		return true;
	}

	/**
	 * Ends a pending pact and runs its callbacks; what they threw goes to {@code thrown[0]}.
	 */
	private boolean end(Node node, PactState outcome, Thrown[] thrown) {
		if (node.state != PactState.PENDING) {
			return false;
		}
		node.state = outcome;
		Thrown first = null;
		if (outcome == PactState.FINISHED) {
			for (Callback then : node.thens) {
				first = run(then, first);
			}
		}
		for (Callback lastly : node.lastlies) {
			first = run(lastly, first);
		}
		thrown[0] = first;
		node.thens.clear();
		node.lastlies.clear();
		node.durings.clear();
		node.timeouts.clear();
		return true;
	}

	private Thrown run(Callback callback, Thrown thrown) {
		this.log.add(callback.name);
		return callback.throwing ? Thrown.chain(thrown, new Thrown(callback.name)) : thrown;
	}

	private static String label(Thrown thrown) {
		return (thrown != null) ? "threw " + thrown.tree() : "ok";
	}

	private static boolean contains(Node group, Node pact) {
		for (Node member : group.members) {
			if (member == pact || (member.group && contains(member, pact))) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Node node) {
		if (!node.group) {
			return "<Pact: p" + node.id + ">";
		}
		return pendingForGroup(node).stream().map(ReferenceModel::describe).toList().toString();
	}

	private String onNode(int id, java.util.function.Function<Node, String> operation) {
		Node node = this.nodes.get(id);
		return (node != null) ? operation.apply(node) : "skipped";
	}

	/**
	 * One pact or group of the model.
	 */
	private static final class Node {

		final int id;

		final boolean group;

		final boolean lazy;

		final Long timeoutMillis;

		final long createdMillis;

		PactState state = PactState.PENDING;

		final List<Integer> conditions = new ArrayList<>();

		final Set<Integer> held = new HashSet<>();

		final List<Node> members = new ArrayList<>();

		final List<Node> seenFinished = new ArrayList<>();

		final List<Callback> thens = new ArrayList<>();

		final List<Callback> lastlies = new ArrayList<>();

		final List<Callback> durings = new ArrayList<>();

		final List<Callback> timeouts = new ArrayList<>();

		Node(int id, boolean group, boolean lazy, Long timeoutMillis, long createdMillis) {
			this.id = id;
			this.group = group;
			this.lazy = lazy;
			this.timeoutMillis = timeoutMillis;
			this.createdMillis = createdMillis;
		}

	}

	/**
	 * A callback of the model: its name, and whether it throws.
	 */
	private record Callback(String name, boolean throwing) {
	}

	/**
	 * What the model says a call throws: a {@link UserFailure} by name, with what is suppressed on it.
	 */
	private static final class Thrown extends RuntimeException {

		private final List<Thrown> suppressed = new ArrayList<>();

		Thrown(String name) {
			super(name, null, false, false);
		}

		/** Like the library's chaining: the first stays, a later one is suppressed on it. */
		static Thrown chain(Thrown first, Thrown later) {
			if (first == null) {
				return later;
			}
			if (later != null) {
				first.suppressed.add(later);
			}
			return first;
		}

		String tree() {
			return getMessage() + suppressed();
		}

		String suppressed() {
			return this.suppressed.isEmpty() ? "" : this.suppressed.stream().map(Thrown::tree).toList().toString()
				.replace(" ", "");
		}

	}

}
