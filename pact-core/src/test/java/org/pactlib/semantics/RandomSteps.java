package org.pactlib.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Makes the next step of a random sequence from what the model holds now: creating pacts and groups,
 * their conditions and callbacks, polls, ends, additions and absorptions, moves of the virtual clock
 * and awaits that always end (with a timeout, or on a pact that has a deadline or has ended). Times are
 * multiples of half a second.
 */
final class RandomSteps {

	private final Random random;

	private int nextId;

	RandomSteps(Random random) {
		this.random = random;
	}

	Step next(ReferenceModel model) {
		List<Integer> ids = model.ids();
		if (ids.isEmpty() || (ids.size() < 6 && this.random.nextInt(5) == 0)) {
			return createPact(model);
		}
		List<Integer> pending = model.pendingIds();
		int target = (pending.isEmpty() || this.random.nextInt(4) == 0) ? pick(ids) : pick(pending);
		int callback = this.nextId++;
		boolean throwing = this.random.nextInt(5) == 0;
		switch (this.random.nextInt(16)) {
			case 0: {
				return createGroup(ids);
			}
			case 1, 2: {
				int condition = this.nextId++;
				Long at = this.random.nextBoolean() ? null : model.now() + halfSeconds(0, 12);
				boolean throwsUntilTrue = at == null && this.random.nextInt(4) == 0;
				return new Step("until(" + target + ", cond" + condition + ((at != null) ? " at " + at + " ms)"
						: throwsUntilTrue ? ", throwing until true)" : ")"),
						(world) -> world.until(target, condition, at, throwsUntilTrue));
			}
			case 3: {
				List<Integer> flags = model.flagConditions();
				if (flags.isEmpty()) {
					return poll(target);
				}
				int condition = pick(flags);
				return new Step("makeTrue(cond" + condition + ")", (world) -> world.makeTrue(condition));
			}
			case 4:
				return new Step("then(" + target + ", then" + callback + (throwing ? ", throwing)" : ")"),
						(world) -> world.then(target, callback, throwing));
			case 5:
				return new Step("lastly(" + target + ", lastly" + callback + (throwing ? ", throwing)" : ")"),
						(world) -> world.lastly(target, callback, throwing));
			case 6:
				return new Step("during(" + target + ", during" + callback + (throwing ? ", throwing)" : ")"),
						(world) -> world.during(target, callback, throwing));
			case 7:
				return new Step("onTimeout(" + target + ", onTimeout" + callback + (throwing ? ", throwing)" : ")"),
						(world) -> world.onTimeout(target, callback, throwing));
			case 8, 9:
				return poll(target);
			case 10:
				return new Step("cancel(" + target + ")", (world) -> world.cancel(target));
			case 11:
				return new Step("fail(" + target + ")", (world) -> world.fail(target));
			case 12: {
				List<Integer> groups = model.groupIds();
				if (groups.isEmpty()) {
					return createGroup(ids);
				}
				int group = pick(groups);
				boolean absorb = this.random.nextInt(3) == 0;
				return new Step("add(" + group + ", " + target + (absorb ? ", absorb)" : ")"),
						(world) -> world.add(group, target, absorb));
			}
			case 13: {
				long millis = halfSeconds(1, 6);
				return new Step("advance(" + millis + " ms)", (world) -> world.advance(millis));
			}
			default: {
				Long timeout = (model.awaitEnds(target) && this.random.nextBoolean()) ? null : halfSeconds(0, 10);
				return new Step("await(" + target + ((timeout != null) ? ", " + timeout + " ms)" : ")"),
						(world) -> world.await(target, timeout));
			}
		}
	}

	/**
	 * A pact with a condition or two: on a flag, on the time, or throwing until its flag is set.
	 */
	private Step createPact(ReferenceModel model) {
		int id = this.nextId++;
		boolean lazy = this.random.nextInt(4) != 0;
		Long timeout = this.random.nextBoolean() ? null : halfSeconds(1, 20);
		StringBuilder text = new StringBuilder("createPact(" + id + (lazy ? "" : ", eager")
				+ ((timeout != null) ? ", " + timeout + " ms)" : ")"));
		List<Function<PactWorld, String>> conditions = new ArrayList<>();
		for (int n = 1 + this.random.nextInt(2); n > 0; n--) {
			int condition = this.nextId++;
			Long at = this.random.nextBoolean() ? null : model.now() + halfSeconds(0, 12);
			boolean throwsUntilTrue = at == null && this.random.nextInt(4) == 0;
			text.append(".until(cond").append(condition)
				.append((at != null) ? " at " + at + " ms)" : throwsUntilTrue ? ", throwing until true)" : ")");
			conditions.add((world) -> world.until(id, condition, at, throwsUntilTrue));
		}
		return new Step(text.toString(), (world) -> {
			StringBuilder labels = new StringBuilder(world.createPact(id, lazy, timeout));
			conditions.forEach((condition) -> labels.append(' ').append(condition.apply(world)));
			return labels.toString();
		});
	}

	private Step createGroup(List<Integer> ids) {
		int id = this.nextId++;
		boolean lazy = this.random.nextInt(4) != 0;
		Long timeout = (this.random.nextInt(3) == 0) ? halfSeconds(1, 20) : null;
		List<Integer> candidates = new ArrayList<>(ids);
		List<Integer> members = new ArrayList<>();
		for (int n = this.random.nextInt(4); n > 0 && !candidates.isEmpty(); n--) {
			members.add(candidates.remove(this.random.nextInt(candidates.size())));
		}
		return new Step("createGroup(" + id + (lazy ? "" : ", eager") + ((timeout != null) ? ", " + timeout + " ms" : "")
				+ ", members " + members + ")", (world) -> world.createGroup(id, lazy, timeout, members));
	}

	private static Step poll(int target) {
		return new Step("poll(" + target + ")", (world) -> world.poll(target));
	}

	private long halfSeconds(int min, int max) {
		return 500L * (min + this.random.nextInt(max - min + 1));
	}

	private int pick(List<Integer> ids) {
		return ids.get(this.random.nextInt(ids.size()));
	}

}
