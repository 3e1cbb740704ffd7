/**
 * Collects the requests that arrive in one turn of the event loop and commits them together: with many
 * concurrent senders one SQLite transaction (and one WAL append) serves several requests. Each caller's
 * promise settles only after the group's commit, so an acknowledgement still means "stored".
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
			for (const entry of group) {
				entry.reject(error);
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
