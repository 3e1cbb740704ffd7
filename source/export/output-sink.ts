import fs from 'node:fs';
import {once} from 'node:events';
import type {Writable} from 'node:stream';

export type OutputSink = {write(text: string): Promise<void>; close(): Promise<void>};

/** Writes to a file (created, or replaced) or stdout, waiting for the stream to drain: large exports stay streamed. */
export function openOutputSink(file: string | undefined): OutputSink {
	// Opened at once: a missing directory is an error here (ENOENT, with the path), not a silent exit later.
	const stream: Writable = file ? fs.createWriteStream(file, {fd: fs.openSync(file, 'w')}) : process.stdout;
	return {
		async write(text) {
			if (!stream.write(text)) {
				await once(stream, 'drain');
			}
		},
		async close() {
			if (file) {
				stream.end();
				await once(stream, 'finish');
			}
		},
	};
}
