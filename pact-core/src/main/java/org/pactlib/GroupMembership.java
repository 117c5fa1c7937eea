package org.pactlib;

/**
 * The link from a member to a group it belongs to, in the member's list of groups: the member tells
 * the group of its changes through it, and the group lets go of the member by {@linkplain #leave()
 * leaving}, when the group ends. Links are immutable but for the group, cleared on leaving, so that a
 * member never keeps an ended group reachable; the member's list drops left links when it next grows.
 */
final class GroupMembership {

	/** The group, or {@code null} once it let go of the member. */
	volatile PactGroup group;

	/** Where the member stands in the group's order of adding. */
	final int index;

	/** The member's next link; set once, before the link is published. */
	GroupMembership next;

	/** How many links the list has from this one on. */
	int length;

	/** How long the list was when it was last cleaned of left links. */
	int cleanedLength;

	GroupMembership(PactGroup group, int index) {
		this.group = group;
		this.index = index;
	}

	/**
	 * Lets go of the member: the group hears of it no more and is not kept reachable by it.
	 */
	void leave() {
		this.group = null;
	}

	/**
	 * Puts {@code link} in front of a member's list, dropping the links that were left whenever the
	 * list has doubled since it was last cleaned, so that joining costs O(1) amortized and the list
	 * stays within twice the number of groups still joined.
	 * @param link the new link, not yet published
	 * @param head the member's list, or {@code null}
	 * @return the new list, to publish
	 */
	static GroupMembership prepend(GroupMembership link, GroupMembership head) {
		GroupMembership rest = head;
		int cleaned = (head != null) ? head.cleanedLength : 0;
		if (head != null && head.length >= 2 * Math.max(cleaned, 8)) {
			rest = withoutLeft(head);
			cleaned = (rest != null) ? rest.length : 0;
		}
		link.next = rest;
		link.length = (rest != null) ? rest.length + 1 : 1;
		link.cleanedLength = cleaned;
		return link;
	}

	private static GroupMembership withoutLeft(GroupMembership head) {
		GroupMembership first = null;
		GroupMembership last = null;
		int length = 0;
		for (GroupMembership link = head; link != null; link = link.next) {
			PactGroup group = link.group;
			if (group != null) {
				GroupMembership copy = new GroupMembership(group, link.index);
				if (last == null) {
					first = copy;
				}
				else {
					last.next = copy;
				}
				last = copy;
				length++;
			}
		}
		for (GroupMembership link = first; link != null; link = link.next) {
			link.length = length--;
		}
		return first;
	}

}
