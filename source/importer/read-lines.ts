import fs from 'node:fs';
import zlib from 'node:zlib';

/** A rollout file that exists but cannot be read (permissions, I/O error, corrupt gzip). */
export class RolloutReadError extends Error {
	override name = 'RolloutReadError';
}

/** Called once per line, with the line's bytes (`start` to `end`, no newline); the buffer is reused after. */
export type LineVisitor = (bytes: Buffer, start: number, end: number) => void;

const CHUNK_BYTES = 1 << 20;

/**
 * A line longer than this is counted and skipped unread: nothing codexmon uses is that long, and a
 * JavaScript string cannot hold one past V8's limit (~512 MiB).
 */
export const MAX_LINE_BYTES = 64 << 20;

export type ReadResult = {bytes: number; oversized: number; ignored: number};

/** Bytes of a line's start given to `ignore`: enough for Codex's `{"timestamp":…,"type":…,"payload":{"type":…`. */
export const HEAD_BYTES = 256;

export type ReadOptions = {
	fromByte?: number;
	partialLast?: boolean;
	/** Judges a line from its first bytes; a line it ignores is passed over unread (never buffered), however long. */
	ignore?: (bytes: Buffer, start: number, end: number) => boolean;
	/** Gives a short stand-in for a line, from its first bytes: the stand-in is visited and the line passed over unread. */
	summarize?: (bytes: Buffer, start: number, end: number) => Buffer | undefined;
};

/**
 * Reads a file line by line in fixed chunks, from `fromByte` on: memory stays flat whatever the file's
 * size. A last line without its newline is passed only when `partialLast` is true (a finished file);
 * otherwise the result's `bytes` stops before it, so a poll can read it whole later.
 */
export function readLines(file: string, visit: LineVisitor, options: ReadOptions = {}): ReadResult {
	const judge = judgeOf(options);
	if (file.endsWith('.gz')) {
		return readGzipLines(file, visit, judge);
	}

	let fd: number;
	try {
		fd = fs.openSync(file, 'r');
	} catch (error) {
		throw new RolloutReadError(`cannot read ${file}: ${(error as Error).message}`);
	}

	try {
		const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
		let carry: Buffer = Buffer.alloc(0);
		let position = options.fromByte ?? 0;
		let consumed = position;
		let oversized = 0;
		let ignored = 0;
		/** Inside a line being passed over (ignored from its head, or too long): until its newline. */
		let dropping = false;
		/** Bytes of the line being dropped, so a partial last line is not counted as consumed. */
		let droppedBytes = 0;
		/** The summary of the line being dropped: visited once the line is whole, so a poll never visits it twice. */
		let droppedSummary: Buffer | undefined;
		for (;;) {
			let read: number;
			try {
				read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, position);
			} catch (error) {
				throw new RolloutReadError(`cannot read ${file}: ${(error as Error).message}`);
			}

			if (read === 0) {
				break;
			}

			position += read;
			let lineStart = 0;
			while (lineStart < read) {
				let newline = chunk.indexOf(10, lineStart);
				if (newline >= read) {
					newline = -1;
				}

				if (dropping) {
					if (newline === -1) {
						droppedBytes += read - lineStart;
						lineStart = read;
						break;
					}

					consumed += droppedBytes + (newline - lineStart) + 1;
					droppedBytes = 0;
					dropping = false;
					if (droppedSummary) {
						visit(droppedSummary, 0, droppedSummary.length);
						droppedSummary = undefined;
					}

					lineStart = newline + 1;
					continue;
				}

				if (newline === -1) {
					const rest = chunk.subarray(lineStart, read);
					const head = carry.length === 0 ? rest : Buffer.concat([carry, rest]);
					const verdict = judge && head.length >= HEAD_BYTES ? judge(head, 0, HEAD_BYTES) : false;
					if (verdict !== false) {
						if (verdict === true) {
							ignored++;
						} else {
							droppedSummary = verdict;
						}

						dropping = true;
						droppedBytes = head.length;
						carry = Buffer.alloc(0);
					} else if (head.length > MAX_LINE_BYTES) {
						oversized++;
						dropping = true;
						droppedBytes = head.length;
						carry = Buffer.alloc(0);
					} else {
						carry = carry.length === 0 ? Buffer.from(rest) : head;
					}

					lineStart = read;
					break;
				}

				let line = chunk;
				let start = lineStart;
				let end = newline;
				if (carry.length > 0) {
					line = Buffer.concat([carry, chunk.subarray(lineStart, newline)]);
					start = 0;
					end = line.length;
					carry = Buffer.alloc(0);
				}

				const verdict = judge ? judge(line, start, Math.min(end, start + HEAD_BYTES)) : false;
				if (verdict === true) {
					ignored++;
				} else if (verdict === false) {
					visit(line, start, end);
				} else {
					visit(verdict, 0, verdict.length);
				}

				consumed += (end - start) + 1;
				lineStart = newline + 1;
			}
		}

		if (carry.length > 0) {
			if (options.partialLast === false) {
				// Read again, whole, once Codex has written its newline.
			} else {
				consumed += carry.length;
				visit(carry, 0, carry.length);
			}
		} else if (dropping && options.partialLast !== false) {
			consumed += droppedBytes;
			if (droppedSummary) {
				visit(droppedSummary, 0, droppedSummary.length);
			}
		}

		return {bytes: consumed, oversized, ignored};
	} finally {
		fs.closeSync(fd);
	}
}

/** One judge from a line's first bytes: read it (false), pass it over unread (true), or visit this summary instead. */
type Judge = (bytes: Buffer, start: number, end: number) => boolean | Buffer;

function judgeOf({ignore, summarize}: ReadOptions): Judge | undefined {
	if (!summarize) {
		return ignore;
	}

	return (bytes, start, end) => summarize(bytes, start, end) ?? ignore?.(bytes, start, end) ?? false;
}

/** Gzipped rollouts are inflated whole (into a buffer, never one string), then split the same way. */
function readGzipLines(file: string, visit: LineVisitor, judge: Judge | undefined): ReadResult {
	let data: Buffer;
	try {
		data = zlib.gunzipSync(fs.readFileSync(file));
	} catch (error) {
		throw new RolloutReadError(`cannot read ${file}: ${(error as Error).message}`);
	}

	let oversized = 0;
	let ignored = 0;
	let start = 0;
	while (start < data.length) {
		let end = data.indexOf(10, start);
		if (end === -1) {
			end = data.length;
		}

		const verdict = judge ? judge(data, start, Math.min(end, start + HEAD_BYTES)) : false;
		if (verdict === true) {
			ignored++;
		} else if (verdict !== false) {
			visit(verdict, 0, verdict.length);
		} else if (end - start > MAX_LINE_BYTES) {
			oversized++;
		} else {
			visit(data, start, end);
		}

		start = end + 1;
	}

	return {bytes: data.length, oversized, ignored};
}
