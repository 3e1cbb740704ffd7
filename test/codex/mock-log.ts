import type {IncomingHttpHeaders} from 'node:http';

/**
 * How the mock talks to Codex: `http` answers `POST /v1/responses` with SSE and refuses WebSocket upgrades;
 * `websocket` answers `response.create` frames on `GET /v1/responses` and fails any HTTP POST (so a silent
 * fallback shows); `websocket-refused` refuses the handshake with a 426 and serves HTTP, as in the
 * `exec-ws-fallback` capture.
 */
export type MockTransport = 'http' | 'websocket' | 'websocket-refused';

/** One model request as the mock understood it (warm-ups apart, in `MockLog.warmups`). */
export type ServedRequest = {
	scenario: string;
	step: number;
	title: boolean;
	transport: 'http' | 'websocket';
	/** 1 for the first time this mock saw the scenario's step, 2 for its retry, … */
	attempt: number;
	/** What the mock did instead of answering: `429`, `500` or `cut`. */
	fault?: string;
	/** The WebSocket connection it came on. */
	connection?: number;
	/** The kinds (`type`, or `message:<role>`) of the input items in the request itself (over WebSocket only the new ones). */
	itemsSent: string[];
	previousResponseId?: string;
	responseId?: string;
	error?: string;
};

export type Warmup = {connection: number; responseId: string; withUsage: boolean};

/** A `response.create` frame as received: what the suite checks the incremental protocol with. */
export type ReceivedFrame = {type: string; generate: boolean; previousResponseId: string | undefined; items: number};

export type Connection = {
	id: number;
	headers: IncomingHttpHeaders;
	received: ReceivedFrame[];
	/** The `type` of every text frame the mock sent. */
	sent: string[];
	closeCode?: number;
};

export type MockLog = {
	served: ServedRequest[];
	warmups: Warmup[];
	connections: Connection[];
	/** `POST /v1/responses` requests, answered or not. */
	httpPosts: number;
	/** WebSocket handshakes answered with 426. */
	refusedUpgrades: number;
};
