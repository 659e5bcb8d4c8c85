// How a helper process the tests and benchmarks start notices that its parent died, so a
// crashed or kill -9'd test or benchmark never leaves one running: the helper exits when its
// IPC channel closes, or when it is handed to another parent (the kernel reparents orphans).
// A parent that sets PARENT_PID_ENV in the helper's environment is watched even if it dies
// before the helper has loaded; the variable is not passed on to the helper's own children.
// Importing this module does nothing; helpers load exit-with-parent.mjs, which calls watchParent().
const POLL_MS = 200;
const armed = Symbol.for('gil-lab.parent-watch');

/** The environment entry a spawner sets to its own pid: `{ [PARENT_PID_ENV]: String(process.pid) }`. */
export const PARENT_PID_ENV = 'GIL_LAB_PARENT_PID';

export function watchParent() {
  if (globalThis[armed]) return;
  globalThis[armed] = true;
  const parent = Number(process.env[PARENT_PID_ENV]) || process.ppid;
  delete process.env[PARENT_PID_ENV];
  const orphaned = () => process.ppid !== parent;
  if (orphaned()) process.exit(0);
  if (process.connected) process.once('disconnect', () => process.exit(0));
  const poll = setInterval(() => {
    if (orphaned()) process.exit(0);
  }, POLL_MS);
  poll.unref();
}
