/** The candidates within a small edit distance of a mistyped word, closest first. */
export function suggest(word: string, candidates: readonly string[]): string[] {
	const limit = Math.max(1, Math.floor(word.length / 3));
	return candidates
		.map(candidate => ({candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase())}))
		.filter(({distance}) => distance <= limit)
		.sort((a, b) => a.distance - b.distance)
		.map(({candidate}) => candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}
