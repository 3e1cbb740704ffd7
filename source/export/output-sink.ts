import fs from 'node:fs';
import {once} from 'node:events';
import type {Writable} from 'node:stream';

export type OutputSink = {write(text: string): Promise<void>; close(): Promise<void>};

/** Writes to a file (created, or replaced) or stdout, waiting for the stream to drain: large exports stay streamed. */
export function openOutputSink(file: string | undefined): OutputSink {
	const stream: Writable = file ? fs.createWriteStream(file) : process.stdout;
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
