import {render} from 'ink-testing-library';
import {expect, test} from 'vitest';
import {App} from '../../source/ui/app.js';
import {eventsOfCapture} from '../helpers/pipeline.js';
import {viewSourceOf} from '../helpers/view-source.js';

const tick = async () => new Promise(resolve => {
	setTimeout(resolve, 40);
});

test('a failure while drawing shows one line and the screen comes back with the next data', async () => {
	const events = eventsOfCapture('exec-tool');
	const source = viewSourceOf(events);
	const session = [...source.hub.sessions()][0]!;
	// A session the screens cannot draw (what a bug in a component would meet).
	(session as {connectionFailures: unknown}).connectionFailures = null;
	const {lastFrame, unmount} = render(<App source={source} size={{columns: 100, rows: 30}} bell={false}/>);
	await tick();
	expect(lastFrame()).toMatch(/codexmon could not draw the screen/);
	expect(lastFrame()).toMatch(/still being received and stored/);
	// The next data: the session as received again.
	source.hub.reload(session.conversationId, events);
	await tick();
	expect(lastFrame()).toMatch(/▾ 1 SCENARIO=tool/);
	unmount();
});
