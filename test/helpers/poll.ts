/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` with the last state. */
export async function pollUntil<T>(check: () => T | undefined | Promise<T | undefined>, options: {timeoutMs?: number; what: string; state?: () => unknown}): Promise<T> {
	const deadline = Date.now() + (options.timeoutMs ?? 20_000);
	for (;;) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${options.what}${options.state ? `; last state: ${JSON.stringify(await options.state())}` : ''}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}
}
