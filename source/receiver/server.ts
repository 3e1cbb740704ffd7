import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {DecodeOptions} from '../otlp/decode.js';
import type {AccessPolicy} from './access.js';
import {handleExport, type Consume} from './handle-export.js';
import {handleStatus, STATUS_PATH} from './handle-status.js';

export type ReceiverOptions = {
	host: string;
	port: number;
	consume: Consume;
	/** What decoding may leave out because `consume` does not use it (metric points it only counts). */
	decode?: DecodeOptions;
	maxBodyBytes: number;
	maxDecompressedBytes: number;
	access?: AccessPolicy;
	onRejected?: (status: number, message: string) => void;
	/** What `GET /codexmon/status` answers (after the token check), for `codexmon doctor`. */
	status?: () => unknown;
	/** Overrides for tests; the defaults suit Codex. */
	timeouts?: {headersMs?: number; requestMs?: number; keepAliveMs?: number; shutdownGraceMs?: number};
};

export type Receiver = {
	/** Resolves with the bound address once listening. */
	start(): Promise<AddressInfo>;
	close(): Promise<void>;
};

/**
 * @NOTE codex 0.169.0 reuses pooled keep-alive connections and never retries: a server that closes an
 * idle socket at Node's default 5 s races the next export, and a whole batch is lost. Keep sockets 120 s.
 */
const KEEP_ALIVE_TIMEOUT_MS = 120_000;
/** Must exceed the keep-alive timeout, or Node may cut an idle keep-alive socket as a slow request. */
const HEADERS_TIMEOUT_MS = 121_000;
/** A client that takes longer than this to send one body is cut off. */
const REQUEST_TIMEOUT_MS = 300_000;

/** How often Node looks for connections past their header or request timeout. */
const CHECK_INTERVAL_MS = 5000;
/** How long a stopping receiver lets requests in flight finish before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 3000;
/** OTLP needs a handful of headers; more is not a real exporter. */
const MAX_HEADERS = 64;

export class PortInUseError extends Error {
	override name = 'PortInUseError';
}

export function createReceiver(options: ReceiverOptions): Receiver {
	const limits = {maxBodyBytes: options.maxBodyBytes, maxDecompressedBytes: options.maxDecompressedBytes};
	const headersTimeout = options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS;
	// Node checks the header and request timeouts on this interval (30 s by default).
	let closing = false;
	const server = http.createServer({connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, Math.max(100, headersTimeout / 4))}, (request, response) => {
		if (closing) {
			// Stopping: this answer is the connection's last, so a busy keep-alive sender does not hold the stop up.
			response.setHeader('connection', 'close');
		}

		if (options.status && request.method === 'GET' && request.url === STATUS_PATH) {
			handleStatus(request, response, options.status, options.access ?? {}, options.host);
			return;
		}

		handleExport(request, response, {consume: options.consume, decode: options.decode, limits, access: options.access, onRejected: options.onRejected}).catch((error: unknown) => {
			options.onRejected?.(500, String(error));
			if (!response.headersSent) {
				response.writeHead(500).end();
			}
		});
	});
	server.keepAliveTimeout = options.timeouts?.keepAliveMs ?? KEEP_ALIVE_TIMEOUT_MS;
	server.headersTimeout = headersTimeout;
	server.requestTimeout = options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS;
	server.maxHeadersCount = MAX_HEADERS;

	return {
		async start() {
			await new Promise<void>((resolve, reject) => {
				const onError = (error: NodeJS.ErrnoException) => {
					server.off('listening', onListening);
					reject(error.code === 'EADDRINUSE'
						? new PortInUseError(`port ${options.port} on ${options.host} is already in use: another codexmon may be running, or choose another port with --port`)
						: error);
				};

				const onListening = () => {
					server.off('error', onError);
					resolve();
				};

				server.once('error', onError);
				server.once('listening', onListening);
				server.listen(options.port, options.host);
			});
			return server.address() as AddressInfo;
		},
		async close() {
			closing = true;
			await new Promise<void>(resolve => {
				const force = setTimeout(() => {
					server.closeAllConnections();
				}, options.timeouts?.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
				force.unref();
				// A connection idle between two requests is closed at once, and then each time one becomes idle.
				const idle = setInterval(() => {
					server.closeIdleConnections();
				}, 50);
				idle.unref();
				server.close(() => {
					clearTimeout(force);
					clearInterval(idle);
					resolve();
				});
				server.closeIdleConnections();
			});
		},
	};
}
