import type {Config} from '../config.js';
import {createSessionHub} from '../hub/session-hub.js';
import {PortInUseError} from '../receiver/server.js';
import {openDatabase, type Db} from '../store/database.js';
import {readWriterLock, WriterLockError, type WriterLock} from '../store/writer-lock.js';
import {createLiveSource} from './live-source.js';
import type {ViewSource} from '../hub/view-source.js';
import {createEngine} from './create-engine.js';
import {followDatabase} from './follow-database.js';
import {receivingSource} from './receiving-source.js';
import {startReceiving, type Receiving} from './start-receiving.js';
import {createSwitchableSource} from './switchable-source.js';

/** What the live screen shows and how it stops: a receiver of its own, or a viewer of another's. */
export type Watching = {
	source: ViewSource;
	/** The database the screens read now (a viewer's read-only one until it takes over). */
	currentDb(): Db;
	close(): Promise<void>;
};

/** How often a viewer checks that its writer still holds the database (a takeover comes within 2 s). */
const CHECK_MS = 500;
/** How long the status line says that this codexmon took over. */
const TOOK_OVER_NOTICE_MS = 60_000;
/** While taking over keeps failing (the port is taken by another program), it is tried at each check this long, then every SLOW_RETRY_MS. */
const FAST_RETRY_MS = 10_000;
const SLOW_RETRY_MS = 5000;

/**
 * A read-only viewer of the database another codexmon writes. When that writer goes away (it quit, or
 * its process died and the OS released its lock) this one takes over the receiver on the writer's
 * address, so Codex's exports keep landing, and says so on the status line. If another viewer was
 * quicker, this one follows it instead.
 */
export function viewUntilWriterQuits(config: Config, writer: WriterLock): Watching {
	const db = openDatabase(config.dbPath, {readonly: true});
	const hub = createSessionHub({createEngine: () => createEngine(config), prices: config.prices});
	const follower = followDatabase(db, hub);
	const viewerSource = (of: WriterLock, notice?: string) => createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'viewer', address: of.port > 0 ? `${of.host}:${of.port}` : null, dbPath: config.dbPath, notice});
	let shown = writer;
	// Where Codex sends: the last address a writer published (the viewer's own --port may differ).
	let takeOverAt: Config = writer.port > 0 ? {...config, host: writer.host, port: writer.port} : config;
	const switchable = createSwitchableSource(viewerSource(writer));
	let receiving: Receiving | undefined;
	let attempt: Promise<void> | undefined;
	let closed = false;
	let failingSince: number | undefined;
	let nextTryAt = 0;
	let noticeTimer: NodeJS.Timeout | undefined;

	const takeOver = async () => {
		let started: Receiving;
		try {
			started = await startReceiving(takeOverAt);
		} catch (error) {
			if (error instanceof WriterLockError) {
				return;
			}

			const now = Date.now();
			failingSince ??= now;
			nextTryAt = now - failingSince < FAST_RETRY_MS ? 0 : now + SLOW_RETRY_MS;
			const why = error instanceof PortInUseError ? `port ${takeOverAt.port} is taken` : (error as Error).message;
			switchable.switchTo(viewerSource(shown, `the receiver quit; cannot take over (${why}), retrying`));
			return;
		}

		if (closed) {
			await started.close();
			return;
		}

		receiving = started;
		follower.stop();
		switchable.switchTo(receivingSource(takeOverAt, started, 'took over: receiving here now'));
		hub.close();
		db.close();
		noticeTimer = setTimeout(() => {
			switchable.switchTo(receivingSource(takeOverAt, started));
		}, TOOK_OVER_NOTICE_MS);
		noticeTimer.unref();
	};

	const check = () => {
		if (attempt || closed || receiving) {
			return;
		}

		const holder = readWriterLock(config.dbPath);
		if (holder) {
			failingSince = undefined;
			if (holder.host !== shown.host || holder.port !== shown.port) {
				shown = holder;
				if (holder.port > 0) {
					takeOverAt = {...config, host: holder.host, port: holder.port};
				}

				switchable.switchTo(viewerSource(holder));
			}

			return;
		}

		if (Date.now() < nextTryAt) {
			return;
		}

		attempt = takeOver().finally(() => {
			attempt = undefined;
		});
	};

	const timer = setInterval(check, CHECK_MS);
	timer.unref();
	return {
		source: switchable.source,
		currentDb: () => receiving?.db ?? db,
		async close() {
			closed = true;
			clearInterval(timer);
			clearTimeout(noticeTimer);
			await attempt;
			if (receiving) {
				await receiving.close();
				return;
			}

			follower.stop();
			hub.close();
			db.close();
		},
	};
}
