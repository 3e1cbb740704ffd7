import type {Encoding} from '../otlp/decode.js';
import type {Signal} from '../otlp/signal.js';

/** One received export request, as it is passed on: the uncompressed message in its own encoding. */
export type ForwardItem = {signal: Signal; encoding: Encoding; body: Uint8Array};

/** What one attempt to send an item upstream came to. */
export type SendOutcome =
	| {ok: true}
	| {ok: false; retry: boolean; error: string; retryAfterMs?: number};

export type Sender = {
	send(item: ForwardItem): Promise<SendOutcome>;
	close(): void;
};
