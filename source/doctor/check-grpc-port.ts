import type {ReceiverStatus} from '../status/receiver-status.js';
import type {CheckResult} from './check.js';
import {isPortFree} from './check-port.js';

/** Can codexmon listen for OTLP/gRPC, or is the running one already doing so? */
export async function checkGrpcPort(host: string, grpcPort: number | undefined, running: ReceiverStatus | undefined): Promise<CheckResult | undefined> {
	if (running) {
		return running.grpcPort === null
			? {name: 'OTLP/gRPC', status: 'ok', detail: 'the running codexmon does not listen for gRPC (--no-grpc, or its gRPC port was taken: it receives OTLP/HTTP only)'}
			: {name: 'OTLP/gRPC', status: 'ok', detail: `the running codexmon receives OTLP/gRPC on ${host}:${running.grpcPort}`};
	}

	if (grpcPort === undefined || grpcPort === 0) {
		return undefined;
	}

	const name = `gRPC port ${host}:${grpcPort}`;
	return await isPortFree(host, grpcPort)
		? {name, status: 'ok', detail: 'free: codexmon can listen for OTLP/gRPC here'}
		: {name, status: 'warn', detail: 'taken by another program (an OpenTelemetry Collector?): codexmon would receive OTLP/HTTP only', fix: 'start codexmon with --grpc-port N, or --no-grpc if Codex uses OTLP/HTTP'};
}
