import {promisify} from 'node:util';
import zlib from 'node:zlib';
import {httpSignalUrl, type ForwardTarget} from './forward-target.js';
import type {ForwardItem, Sender, SendOutcome} from './forward-item.js';

const gzip = promisify(zlib.gzip);

const CONTENT_TYPES = {protobuf: 'application/x-protobuf', json: 'application/json'} as const;

/** OTLP/HTTP's retryable answers: throttled, or the upstream (or a proxy before it) briefly unavailable. */
const RETRYABLE = new Set([429, 502, 503, 504]);

/** POSTs each request, gzipped, with its own content type and the configured headers. */
export function createHttpSender(target: Extract<ForwardTarget, {kind: 'http'}>, headers: Readonly<Record<string, string>>, timeoutMs: number): Sender {
	const closing = new AbortController();
	return {
		async send(item: ForwardItem): Promise<SendOutcome> {
			let response: Response;
			try {
				response = await fetch(httpSignalUrl(target, item.signal), {
					method: 'POST',
					headers: {...headers, 'content-type': CONTENT_TYPES[item.encoding], 'content-encoding': 'gzip'},
					body: await gzip(item.body),
					signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]),
				});
			} catch (error) {
				return {ok: false, retry: true, error: networkError(error)};
			}

			// Read the answer, so the connection can be reused; its text is the error when there is one.
			const text = await response.text().catch(() => '');
			if (response.ok) {
				return {ok: true};
			}

			const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
			return RETRYABLE.has(response.status)
				? {ok: false, retry: true, error, retryAfterMs: retryAfter(response.headers.get('retry-after'))}
				: {ok: false, retry: false, error};
		},
		close() {
			closing.abort();
		},
	};
}

function networkError(error: unknown): string {
	const cause = (error as {cause?: {code?: string; message?: string}}).cause;
	if ((error as Error).name === 'TimeoutError') {
		return 'timed out';
	}

	return cause?.code ?? cause?.message ?? (error as Error).message;
}

function retryAfter(value: string | null): number | undefined {
	const seconds = Number(value);
	return value !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
