import {render} from 'ink-testing-library';
import {expect, test, vi} from 'vitest';
import {createLiveSource} from '../../source/app/live-source.js';
import {loadSession} from '../../source/app/load-session.js';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import type {SessionView} from '../../source/hub/session-view.js';
import {createIngest} from '../../source/app/ingest.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {openDatabase} from '../../source/store/database.js';
import {App} from '../../source/ui/app.js';
import {loadCapture} from '../helpers/captures.js';
import {eventsOfCapture} from '../helpers/pipeline.js';

/** A database holding the capture as `serve` stores it, and a live source on it that reads any session over `openAtOnceEvents` in pages. */
function storedSource(openAtOnceEvents: number) {
	const db = openDatabase(':memory:');
	const writer = createIngest(db, createSessionHub());
	for (const captured of loadCapture('tui-session')) {
		writer.ingest(decodeExport(signalFromPath(captured.path), captured.contentType.includes('json') ? 'json' : 'protobuf', captured.body), captured.body, captured.tMs);
	}

	const hub = createSessionHub();
	const prices = createPriceBook();
	const source = createLiveSource({hub, db, prices, createEngine: () => createSessionEngine(), mode: 'viewer', address: null, dbPath: ':memory:', openAtOnceEvents});
	return {db, source, prices};
}

const main = eventsOfCapture('tui-session').find(event => event.kind === 'user_prompt')!.conversationId;

test('a long recorded session is read in pages: "loading" at first, then the same session as read whole, and the screens are told', async () => {
	const {db, source, prices} = storedSource(10);
	const listener = vi.fn();
	source.subscribe(listener);
	expect(source.loadSession(main)).toBe('loading');
	expect(source.loadSession(main)).toBe('loading');
	await vi.waitFor(() => {
		expect(listener).toHaveBeenCalled();
	});
	const view = source.loadSession(main) as SessionView;
	expect(view).toMatchObject({conversationId: main});
	expect(buildSessionDocument(view.session, prices)).toEqual(buildSessionDocument(loadSession(db, main)!, prices));
	expect(source.loadSession(main)).toBe(view);
	db.close();
});

test('a short one is read at once, and an unknown id is nothing', () => {
	const {db, source} = storedSource(1_000_000);
	expect(source.loadSession(main)).toMatchObject({conversationId: main});
	expect(source.loadSession('no-such-session')).toBeUndefined();
	db.close();
});

test('opened from the list, a long session says it is being read, then shows', async () => {
	const {db, source} = storedSource(10);
	const {lastFrame, frames, stdin, unmount} = render(<App source={source} size={{columns: 100, rows: 30}} clock={() => Date.parse('2026-11-25T02:42:00Z')} bell={false}/>);
	await vi.waitFor(() => {
		expect(lastFrame()).toContain('sessions (');
	});
	stdin.write('\r');
	await vi.waitFor(() => {
		expect(lastFrame()).toContain('tokens per turn');
	});
	expect(lastFrame()).toContain(main.slice(-8));
	expect(frames.some(frame => frame.includes(`reading session ${main.slice(-8)} from the store…`))).toBe(true);
	unmount();
	db.close();
});
