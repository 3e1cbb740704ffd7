import type {IncomingMessage} from 'node:http';
import {promisify} from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

export class BodyError extends Error {
	override name = 'BodyError';
	readonly status: 400 | 413 | 415;
	constructor(status: 400 | 413 | 415, message: string) {
		super(message);
		this.status = status;
	}
}

export type BodyLimits = {maxBodyBytes: number; maxDecompressedBytes: number};

/** Reads the whole body, refusing it past the limit, then undoes its Content-Encoding. */
export async function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
	const declared = Number(request.headers['content-length']);
	if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
		throw new BodyError(413, `body of ${declared} bytes is over the ${limits.maxBodyBytes}-byte limit`);
	}

	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limits.maxBodyBytes) {
			throw new BodyError(413, `body is over the ${limits.maxBodyBytes}-byte limit`);
		}

		chunks.push(chunk as Buffer);
	}

	const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
	return decompress(body, String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase(), limits.maxDecompressedBytes);
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
