import {spawnSync} from 'node:child_process';
import os from 'node:os';

/**
 * Brings up the loopback interface of a fresh network namespace. Without iproute2 it falls back to the
 * SIOCGIFFLAGS/SIOCSIFFLAGS ioctls through python3, which CI machines have.
 */
const LOOPBACK_UP = 'if command -v ip >/dev/null 2>&1; then ip link set lo up; else python3 -c "'
	+ 'import fcntl,socket,struct;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);'
	+ "f=struct.unpack('16sh22x',fcntl.ioctl(s,0x8913,struct.pack('16sh22x',b'lo',0)))[1];"
	+ "fcntl.ioctl(s,0x8914,struct.pack('16sh22x',b'lo',f|1))\"; fi";

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Root gets a plain network namespace; anyone else one inside a user namespace, where they are root. */
export const UNSHARE_ARGS = IS_ROOT ? ['-n'] : ['-r', '-n'];

/** Why a loopback-only namespace cannot be made here, or undefined when it can. */
export function namespaceProblem(): string | undefined {
	const probe = spawnSync('unshare', [...UNSHARE_ARGS, 'sh', '-c', LOOPBACK_UP], {encoding: 'utf8'});
	if (probe.error) {
		return `unshare is not available (${probe.error.message})`;
	}

	if (probe.status !== 0) {
		return `unshare ${UNSHARE_ARGS.join(' ')} failed: ${(probe.stderr || `exit ${probe.status}`).trim().split('\n')[0]}`;
	}

	return undefined;
}

/** The argv that runs `command` inside a new namespace that has only a loopback interface, up. */
export function inNamespace(command: string[]): string[] {
	return ['unshare', ...UNSHARE_ARGS, 'sh', '-c', `${LOOPBACK_UP} && exec "$@"`, 'sh', ...command];
}

/** True inside such a namespace: the only interface with an address is the loopback. */
export function onlyLoopback(): boolean {
	return Object.entries(os.networkInterfaces()).every(([, addresses]) => (addresses ?? []).every(address => address.internal));
}
