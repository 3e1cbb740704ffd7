import {Box, Text} from 'ink';
import {formatCount, formatDuration, formatUsd} from '../../format/format-number.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import {exitCodeOf, mcpServerOf, parseArguments} from '../../model/tool-command.js';
import {decisionStyle, theme} from '../theme.js';
import type {TimelineRow} from '../timeline-rows.js';

type Props = {row: TimelineRow; width: number; height: number; costUsd: number | null};

/** Everything about one timeline row: a call's command, arguments, output and decision; a request's tokens; a turn's prompt. */
export function RowDetail({row, width, height, costUsd}: Props) {
	const lines: Array<{text: string; color?: string | undefined; bold?: boolean}> = [];
	const add = (text: string, color?: string, bold?: boolean) => {
		// Prompts, commands and tool output come from telemetry: control characters in their visible form.
		for (const line of terminalSafe(text).split('\n')) {
			lines.push({text: line, color, bold});
		}
	};

	switch (row.kind) {
		case 'turn': {
			const {turn} = row;
			add(`Turn ${turn.index}${turn.turnId ? `  ${turn.turnId}` : ''}`, theme.accent, true);
			add(`prompt: ${turn.hasPrompt ? turn.prompt : '(not seen)'}`);
			add(`duration ${formatDuration(row.endMs - row.startMs)}${row.running ? ' (running)' : ''} · ${turn.modelRequests.length} model requests · ${turn.toolCalls.length} tool calls${turn.ttftMs === null ? '' : ` · first token ${formatDuration(turn.ttftMs)}`}`);
			add(`tokens in ${formatCount(row.tokens.input)} (${formatCount(row.tokens.cached)} cached) · out ${formatCount(row.tokens.output)} (${formatCount(row.tokens.reasoning)} reasoning) · cost ${formatUsd(costUsd)}${turn.codexCostUsd === null ? '' : ` · Codex says ${formatUsd(turn.codexCostUsd)}`}`);
			if (row.outcome.outcome !== 'completed') {
				add(`${row.outcome.outcome}${row.outcome.error ? `: ${row.outcome.error}` : ''}`, row.outcome.outcome === 'failed' ? theme.error : theme.warn);
			}

			if (turn.compactions.length > 0) {
				add(`context compacted ${turn.compactions.length}× (its summary request is not counted among the model requests; its tokens are)`, theme.accent);
			}

			if (turn.response) {
				add(`answer: ${turn.response}`, theme.dim);
			}

			break;
		}

		case 'request': {
			const {request} = row;
			const last = request.attempts.at(-1);
			add(`Model request ${row.number} of turn ${row.turn.index}`, theme.accent, true);
			add(`${last?.transport === 'websocket' ? 'WebSocket' : (last ? `HTTP ${last.status ?? '?'}` : 'transport ?')} · ${request.completed ? 'completed' : (row.error ? 'failed' : 'running')} · ${formatDuration(row.endMs - row.startMs)}${request.ttftMs === null ? '' : ` · first token ${formatDuration(request.ttftMs)}`}${row.error ? ` · error: ${row.error}` : ''}`);
			if (request.attempts.length > 1) {
				add(`${request.attempts.length} attempts: ${request.attempts.map(attempt => `${attempt.error ? `✖ ${attempt.error}` : `✔ ${attempt.status ?? 'ok'}`} ${formatDuration(attempt.endMs - attempt.startMs)}`).join(' · ')}`, row.error ? theme.error : theme.warn);
			}

			add(request.usage
				? `tokens in ${formatCount(request.usage.input)} (${formatCount(request.usage.cached)} cached) · out ${formatCount(request.usage.output)} (${formatCount(request.usage.reasoning)} reasoning) · total ${formatCount(request.usage.total)}`
				: 'tokens: not reported yet');
			break;
		}

		case 'compaction': {
			add('Context compacted', theme.accent, true);
			add(`Codex summarised the conversation so far to fit the model's context · ${formatDuration(row.endMs - row.startMs)}`);
			break;
		}

		case 'connection': {
			const {failure} = row;
			add('WebSocket handshake refused', theme.accent, true);
			add(`status ${failure.status ?? '?'}${failure.error ? ` · ${failure.error}` : ''} · ${formatDuration(failure.durationMs)}: Codex sends this process's requests over HTTP instead`);
			break;
		}

		case 'tool': {
			const {call} = row;
			const style = decisionStyle(call.decision);
			const exitCode = exitCodeOf(call.output);
			add(`${call.tool}  ${call.callId}`, theme.accent, true);
			add(`$ ${row.command}`, undefined, true);
			const server = mcpServerOf(call);
			if (server) {
				add(`MCP server ${server}`, theme.dim);
			}

			add(`decision ${style.glyph} ${style.label}${call.refusedByPolicy ? ' by the policy (approval never)' : (call.decisionSource ? ` by ${call.decisionSource === 'User' ? 'User (a person)' : 'Config (policy)'}` : '')} · result ${call.hasResult ? (call.success ? 'ok' : 'failed') : (call.aborted ? 'aborted' : 'pending')}${exitCode === undefined ? '' : ` · exit ${exitCode}`} · ${formatDuration(row.endMs - row.startMs)}`, style.color);
			const parsed = parseArguments(call.arguments);
			if (parsed) {
				add(`arguments: ${JSON.stringify(parsed)}`, theme.dim);
			} else if (call.arguments) {
				add(`arguments: ${call.arguments}`, theme.dim);
			}

			if (call.output) {
				add('output:', theme.dim);
				add(call.output.trimEnd());
			}

			break;
		}
	}

	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="single" borderColor={theme.accent}>
			{lines.slice(0, Math.max(0, height - 2)).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate" color={line.color} bold={line.bold}>{line.text || ' '}</Text>
			))}
		</Box>
	);
}
