/** Query parameters whose values are secrets wherever they appear (tokens, keys, signatures). */
const SECRET_PARAMETER = /token|key|secret|password|passwd|auth|signature|sig|credential/i;

/**
 * A URL as codexmon shows it (status, `serve`, `doctor`): user and password, and query values that look
 * like secrets, replaced with `***`, so a status read or a shared log does not leak credentials.
 * Text that does not parse as a URL is returned unchanged.
 */
export function redactUrl(text: string): string {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return text;
	}

	let changed = false;
	if (url.username !== '' || url.password !== '') {
		url.username = '***';
		url.password = '';
		changed = true;
	}

	for (const name of new Set(url.searchParams.keys())) {
		if (SECRET_PARAMETER.test(name)) {
			url.searchParams.set(name, '***');
			changed = true;
		}
	}

	// Unchanged URLs keep their exact spelling (URL would add a trailing slash to a bare origin).
	return changed ? url.toString().replaceAll('%2A%2A%2A', '***') : text;
}
