import type {ForwardTarget} from './forward-target.js';
import type {Sender} from './forward-item.js';

/**
 * A gRPC sender that loads gRPC on its first request: every command links the forwarder, few forward over
 * gRPC, and loading it costs a command's start ~30 ms.
 */
export function createLazyGrpcSender(target: Extract<ForwardTarget, {kind: 'grpc'}>, headers: Readonly<Record<string, string>>, timeoutMs: number): Sender {
	let sender: Promise<Sender> | undefined;
	const load = async () => {
		sender ??= import('./send-grpc.js').then(({createGrpcSender}) => createGrpcSender(target, headers, timeoutMs));
		return sender;
	};

	return {
		async send(item) {
			return (await load()).send(item);
		},
		close() {
			void sender?.then(loaded => {
				loaded.close();
			});
		},
	};
}
