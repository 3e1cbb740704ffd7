import {render} from 'ink-testing-library';
import {expect, test} from 'vitest';
import {App} from '../../source/ui/app.js';
import {eventsOfCapture} from '../helpers/pipeline.js';
import {viewSourceOf} from '../helpers/view-source.js';

const tick = async () => new Promise(resolve => {
	setTimeout(resolve, 40);
});

test('a failure while drawing shows one line and the screen comes back with the next data', async () => {
	const source = viewSourceOf(eventsOfCapture('exec-tool'));
	const session = [...source.hub.getSnapshot().model.sessions.values()][0]!;
	const requests = session.turns[0]!.modelRequests;
	(session.turns[0] as {modelRequests: unknown}).modelRequests = null;
	session.version++;
	source.hub.notify();
	const {lastFrame, unmount} = render(<App source={source} size={{columns: 100, rows: 30}} bell={false}/>);
	await tick();
	expect(lastFrame()).toMatch(/codexmon could not draw the screen/);
	expect(lastFrame()).toMatch(/still being received and stored/);
	session.turns[0]!.modelRequests = requests;
	session.version++;
	source.hub.notify();
	await tick();
	expect(lastFrame()).toMatch(/▾ 1 SCENARIO=tool/);
	unmount();
});
