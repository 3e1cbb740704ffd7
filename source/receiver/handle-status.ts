import type {IncomingMessage, ServerResponse} from 'node:http';
import {checkAccess, isAllowedHost, type AccessPolicy} from './access.js';
import {respondError, SERVER_NAME} from './respond.js';

export {STATUS_PATH} from './status-path.js';

/** A running receiver's state as JSON: its counters, forwarding and sessions overview (`doctor`, `status`). */
export function handleStatus(request: IncomingMessage, response: ServerResponse, status: () => unknown, access: AccessPolicy, configuredHost: string): void {
	if (!isAllowedHost(request.headers.host, configuredHost)) {
		respondError(response, 421, 'the Host header does not name this receiver (use an IP address or localhost)', undefined);
		return;
	}

	const denied = checkAccess(request.headers, access);
	if (denied) {
		respondError(response, denied.status, denied.message, undefined, denied.headers);
		return;
	}

	const body = JSON.stringify(status());
	response.writeHead(200, {'content-type': 'application/json', 'content-length': Buffer.byteLength(body), server: SERVER_NAME, 'cache-control': 'no-store'});
	response.end(body);
}
