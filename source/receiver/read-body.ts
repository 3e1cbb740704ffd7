import type {IncomingMessage} from 'node:http';
import {promisify} from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

export class BodyError extends Error {
	override name = 'BodyError';
	readonly status: 400 | 413 | 415;
	/** The rest of the body was not read: the answer must close the connection. */
	readonly closeConnection: boolean;
	constructor(status: 400 | 413 | 415, message: string, closeConnection = false) {
		super(message);
		this.status = status;
		this.closeConnection = closeConnection;
	}
}

export type BodyLimits = {maxBodyBytes: number; maxDecompressedBytes: number};

/**
 * Before a 413 the rest of an oversized body is read and thrown away, so a client still uploading reads the
 * answer instead of a reset (EPIPE: Node stops reading once a response is complete); past this much more,
 * the answer is sent at once and closes the connection.
 */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/** Reads the whole body, refusing it past the limit, then undoes its Content-Encoding. */
export async function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
	const declared = Number(request.headers['content-length']);
	if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
		throw new BodyError(413, `body of ${declared} bytes is over the ${limits.maxBodyBytes}-byte limit`, !await discardRest(request));
	}

	const body = await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > limits.maxBodyBytes) {
				request.off('data', onData);
				request.off('end', onEnd);
				chunks.length = 0;
				discardRest(request).then(drained => {
					reject(new BodyError(413, `body is over the ${limits.maxBodyBytes}-byte limit`, !drained));
				}, reject);
				return;
			}

			chunks.push(chunk);
		};

		const onEnd = () => {
			resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
		};

		request.on('data', onData);
		request.once('end', onEnd);
		request.once('error', reject);
		request.once('aborted', () => {
			reject(new Error('the client aborted the request'));
		});
	});
	return decompress(body, String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase(), limits.maxDecompressedBytes);
}

/** Reads the rest of the body into nothing; false when it was longer than MAX_DISCARDED_BYTES. */
async function discardRest(request: IncomingMessage): Promise<boolean> {
	if (request.complete) {
		return true;
	}

	return new Promise<boolean>(resolve => {
		let discarded = 0;
		const onData = (chunk: Buffer) => {
			discarded += chunk.length;
			if (discarded > MAX_DISCARDED_BYTES) {
				request.off('data', onData);
				request.pause();
				resolve(false);
			}
		};

		request.on('data', onData);
		request.once('end', () => {
			resolve(true);
		});
		request.once('close', () => {
			resolve(request.complete);
		});
		request.resume();
	});
}

async function decompress(body: Buffer, encoding: string, maxOutputLength: number): Promise<Buffer> {
	if (encoding === '' || encoding === 'identity') {
		return body;
	}

	if (encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') {
		throw new BodyError(415, `unsupported content-encoding "${encoding}" (supported: gzip, deflate, identity)`);
	}

	try {
		return encoding === 'deflate' ? await inflate(body, {maxOutputLength}) : await gunzip(body, {maxOutputLength});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
			throw new BodyError(413, `decompressed body is over the ${maxOutputLength}-byte limit`);
		}

		throw new BodyError(400, `cannot decompress ${encoding} body: ${(error as Error).message}`);
	}
}
