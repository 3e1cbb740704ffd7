/**
 * Collects the requests that arrive in one turn of the event loop and commits them together: with many
 * concurrent senders one SQLite transaction (and one WAL append) serves several requests. Each caller's
 * promise settles only after the group's commit, so an acknowledgement still means "stored".
 *
 * When the group's commit fails, each request is committed again on its own: one request the store
 * refuses (a bad value) fails alone instead of taking every request of its group with it.
 */
export function createGroupCommit<Item, Result>(commit: (items: Item[]) => Result[]): (item: Item) => Promise<Result> {
	let pending: Array<{item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void}> = [];

	const flush = () => {
		const group = pending;
		pending = [];
		let results: Result[];
		try {
			results = commit(group.map(entry => entry.item));
		} catch (error) {
			if (group.length === 1) {
				group[0]!.reject(error);
				return;
			}

			for (const entry of group) {
				try {
					entry.resolve(commit([entry.item])[0]!);
				} catch (alone) {
					entry.reject(alone);
				}
			}

			return;
		}

		for (const [index, entry] of group.entries()) {
			entry.resolve(results[index]!);
		}
	};

	return async item => new Promise<Result>((resolve, reject) => {
		if (pending.length === 0) {
			setImmediate(flush);
		}

		pending.push({item, resolve, reject});
	});
}
