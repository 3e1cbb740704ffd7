import type {CodexEvent} from './codex-event.js';

/** One event as stored: its arrival order and time, which replay paces by. */
export type StoredEvent = {seq: number; receivedMs: number; event: CodexEvent};
