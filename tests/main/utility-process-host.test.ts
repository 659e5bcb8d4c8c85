import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ utilityProcess: { fork: () => undefined } }));
const { utilityProcessHost } = await import('../../src/main/utility-process-host');

class FakeUtilityProcess extends EventEmitter {
  pid = 4242;
  sent: unknown[] = [];
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  kill() {
    setImmediate(() => this.emit('exit', 0));
    return true;
  }
}

describe('utilityProcess host', () => {
  it('forks the worker entry with a service name a task manager can show', () => {
    const fork = vi.fn(() => new FakeUtilityProcess());
    const host = utilityProcessHost(fork as never);
    host.start({ url: new URL('file:///app/out/main/workers/task.js'), argv: ['x'] }, 'GIL Lab worker 3');
    expect(fork).toHaveBeenCalledWith('/app/out/main/workers/task.js', ['x'], {
      serviceName: 'GIL Lab worker 3',
      stdio: 'inherit',
    });
  });

  it('passes messages both ways, and reports an exit with its code', async () => {
    const child = new FakeUtilityProcess();
    const handle = utilityProcessHost((() => child) as never).start(
      { url: new URL('file:///w.js') },
      'GIL Lab worker 1',
    );
    expect(handle.pid).toBe(4242);
    handle.post({ type: 'task' });
    expect(child.sent).toEqual([{ type: 'task' }]);
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    child.emit('message', { type: 'ready' });
    expect(received).toEqual([{ type: 'ready' }]);
    const reasons: string[] = [];
    handle.onExit((r) => reasons.push(r));
    child.emit('exit', 137);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reasons).toEqual(['exited with code 137']);
  });

  it('reports what a worker threw when it said so before exiting, and keeps that word from the pool', async () => {
    const child = new FakeUtilityProcess();
    const handle = utilityProcessHost((() => child) as never).start(
      { url: new URL('file:///w.js') },
      'GIL Lab worker 1',
    );
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    const reasons: string[] = [];
    handle.onExit((r) => reasons.push(r));
    child.emit('message', { type: 'started', id: 0, t: 1 });
    child.emit('message', { type: 'fatal', message: 'boom' });
    child.emit('exit', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([{ type: 'started', id: 0, t: 1 }]);
    expect(reasons).toEqual(['threw: boom']);
  });

  it('kills and waits for the exit', async () => {
    const child = new FakeUtilityProcess();
    const kill = vi.spyOn(child, 'kill');
    const handle = utilityProcessHost((() => child) as never).start(
      { url: new URL('file:///w.js') },
      'GIL Lab worker 1',
    );
    await handle.kill();
    expect(kill).toHaveBeenCalled();
  });

  it('posts nothing to a utility process that has exited, and says it is gone before the exit is reported', () => {
    const child = new FakeUtilityProcess();
    const handle = utilityProcessHost((() => child) as never).start(
      { url: new URL('file:///w.js') },
      'GIL Lab worker 1',
    );
    expect(handle.alive).toBe(true);
    child.emit('exit', 9);
    expect(handle.alive).toBe(false);
    handle.post({ type: 'task' });
    expect(child.sent).toEqual([]);
  });
});
