import type {DemoRequest} from './demo-captures.js';
import {retimeBody} from './retime-body.js';

type Anchor = {sentMs: number; postMs: number};

/**
 * Moves the captures' times (November 2026) to the demo's, so its sessions are live now. Each request
 * was sent at a known moment after Codex started; the first request of a scenario tells when that was
 * (its latest time). A time between two requests' moments moves with the earlier one, never past the
 * later one's post: order is kept, and idle gaps shrink as the demo's schedule shrinks them.
 */
export function createDemoRetimer(requests: readonly DemoRequest[], startedMs: number, speed: number): (request: DemoRequest) => Buffer {
	const anchors = new Map<string, Anchor[]>();
	for (const request of requests) {
		const list = anchors.get(request.scenario) ?? [];
		list.push({sentMs: request.sentMs, postMs: startedMs + (request.atMs / speed)});
		anchors.set(request.scenario, list);
	}

	/** Epoch ms of each scenario's Codex start, learnt from its first request posted. */
	const codexStartedAt = new Map<string, number>();
	const move = (scenario: string, ms: number): number => {
		const list = anchors.get(scenario)!;
		const sinceStart = ms - codexStartedAt.get(scenario)!;
		let index = list.length - 1;
		while (index > 0 && list[index]!.sentMs > sinceStart) {
			index--;
		}

		const anchor = list[index]!;
		const moved = anchor.postMs + (sinceStart - anchor.sentMs);
		const next = list[index + 1];
		return next && sinceStart >= anchor.sentMs ? Math.min(moved, next.postMs) : moved;
	};

	return request => retimeBody(request.signal, request.body, (ms, latestMs) => {
		if (!codexStartedAt.has(request.scenario)) {
			codexStartedAt.set(request.scenario, latestMs - request.sentMs);
		}

		return move(request.scenario, ms);
	});
}
