/**
 * `npm run bench -- monitor [--seconds 20]`: what the live monitor costs and how quickly it
 * shows a change, measured in one run on this machine. Uses the built browser mode, a real
 * Chromium page, and real burner processes.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { findChromium } from '../scripts/lib/chromium.mjs';
import { Burner } from '../tests/support/burner';
import { launchChromium, runNode, startServer, waitForLine, type RunningProcess } from '../tests/e2e/app';
import type { EventLoopReport } from '../src/core/util/event-loop-watch';
import { median, printTable, writeResults, type Row } from './lib/report';
import { setRate } from './lib/browser-mode';
import { percentOfCore, readCpu } from './lib/proc';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, trials: { type: 'string' }, only: { type: 'string' } },
});
const ONLY = values.only;
const SECONDS = Number(values.seconds ?? 20);
const TRIALS = Number(values.trials ?? 5);
const CORES = os.availableParallelism();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

process.env.CHROMIUM_PATH ??= findChromium();

const WARM_UP_MS = 10_000;
/** GIL_LAB_BENCH_WAIT_MS caps every wait for the page, so a test can make one unreachable. */
const WAIT_CAP_MS = Number(process.env.GIL_LAB_BENCH_WAIT_MS) || Infinity;
const waitMs = (ms: number) => Math.min(ms, WAIT_CAP_MS);

async function openPage(url: string) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(url);
  return { browser, page };
}

async function hostCost(): Promise<{ rows: Row[]; data: Record<string, unknown> }> {
  console.error(
    `cost: browser-mode server at 10 Hz with one Chromium page, ${WARM_UP_MS / 1000} s warm-up, ${SECONDS} s measured…`,
  );
  const server = await startServer();
  const first = await openPage(server.url);
  await setRate(server.url, 10);
  // Start-up work (module loading, JIT compilation, si.cpu()) is not the monitor's steady cost.
  await sleep(WARM_UP_MS);
  const a = readCpu(server.child.pid!);
  await sleep(SECONDS * 1000);
  const b = readCpu(server.child.pid!);
  const selfReported = await first.page.getByTestId('monitor-cost').textContent();
  await first.browser.close();
  await server.stop();
  const cost = percentOfCore(a, b);

  // The stall watcher wakes every 1 ms, which costs CPU itself, so it gets a run of its own.
  // An idle Node process watched over the same window shows what the machine alone causes.
  console.error(
    `stalls: the same set-up with the event-loop watcher on, beside an idle watched process, ${SECONDS} s…`,
  );
  const watched = await startServer(['--diagnostics']);
  const idle = runNode(['--import', 'tsx', 'bench/hosts/idle-watched.ts']);
  const second = await openPage(watched.url);
  await setRate(watched.url, 10);
  await sleep(WARM_UP_MS);
  const readStalls = async (host: RunningProcess) => {
    host.stderr.length = 0;
    host.child.kill('SIGUSR2');
    const [line] = await waitForLine(host.stderr, /^diagnostics .*/);
    return (JSON.parse(line.slice('diagnostics '.length)) as { eventLoop: EventLoopReport }).eventLoop;
  };
  await Promise.all([readStalls(watched), readStalls(idle)]);
  await sleep(SECONDS * 1000);
  const [eventLoop, idleEventLoop] = await Promise.all([readStalls(watched), readStalls(idle)]);
  await second.browser.close();
  await watched.stop();
  await idle.stop();

  const reference: Record<string, number> = {};
  for (const [name, script] of [
    ['idle Node, 10 Hz timer', 'bench/hosts/idle-node.mjs'],
    ['si.currentLoad() at 10 Hz', 'bench/hosts/naive-si.mjs'],
  ] as const) {
    console.error(`cost: reference "${name}", ${SECONDS} s…`);
    const host = runNode([script]);
    await sleep(WARM_UP_MS);
    const r0 = readCpu(host.child.pid!);
    await sleep(SECONDS * 1000);
    const r1 = readCpu(host.child.pid!);
    await host.stop();
    reference[name] = percentOfCore(r0, r1).total;
  }

  const rows: Row[] = [
    {
      measure: 'monitor host CPU (server process, children included)',
      value: `${cost.total.toFixed(2)}% of a core`,
      target: '≤ 1.0%',
      note: `children ${cost.children.toFixed(2)}%; scheduler per-thread ${cost.threads.toFixed(2)}%`,
    },
    {
      measure: 'the app’s own readout at the end',
      value: String(selfReported)
        .replace('monitor cost:', '')
        .replace(/core(?=sampler)/, 'core; ')
        .trim(),
    },
    ...Object.entries(reference).map(([name, value]) => ({
      measure: `reference: ${name}`,
      value: `${value.toFixed(2)}% of a core`,
    })),
    {
      measure: 'event-loop stall in the server, p99',
      value: `${eventLoop.p99StallMs.toFixed(2)} ms`,
      target: '≤ 2 ms',
      note: `longest ${eventLoop.maxStallMs.toFixed(2)} ms`,
    },
    {
      measure: 'reference: idle Node process, same window, p99',
      value: `${idleEventLoop.p99StallMs.toFixed(2)} ms`,
      note: `longest ${idleEventLoop.maxStallMs.toFixed(2)} ms: this machine's own noise`,
    },
  ];
  return {
    rows,
    data: { seconds: SECONDS, warmUpMs: WARM_UP_MS, hostCpu: cost, selfReported, reference, eventLoop, idleEventLoop },
  };
}

async function latency(): Promise<{ rows: Row[]; data: Record<string, unknown> }> {
  console.error(`latency: ${TRIALS} burner steps on all ${CORES} cores at 10 Hz…`);
  const server = await startServer();
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(server.url);
  await setRate(server.url, 10);
  const to50: number[] = [];
  const to80: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    // Arm first: starting Node processes loads the cores too, so let that pass before the step.
    const burner = await Burner.arm({ processes: CORES });
    await sleep(400); // at least three samples, so the DOM is not showing a stale quiet reading
    await page.waitForFunction(
      () => [...document.querySelectorAll('[role="meter"]')].every((n) => Number(n.getAttribute('aria-valuenow')) < 30),
      undefined,
      { timeout: waitMs(15_000), polling: 50 },
    );
    // Record, inside the page, when the DOM first shows every core above each threshold.
    await page.evaluate(() => {
      const w = window as unknown as { __seen: Record<string, number> };
      w.__seen = {};
      const observer = new MutationObserver(() => {
        const values = [...document.querySelectorAll('[role="meter"]')].map((n) =>
          Number(n.getAttribute('aria-valuenow')),
        );
        for (const threshold of [50, 80]) {
          if (!w.__seen[threshold] && values.every((v) => v > threshold)) w.__seen[threshold] = Date.now();
        }
        if (w.__seen[80]) observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await burner.go();
    const loadOn = Math.max(...burner.startedAt);
    const seen = await page
      .waitForFunction(
        () =>
          (window as unknown as { __seen: Record<string, number> }).__seen[80] &&
          (window as unknown as { __seen: Record<string, number> }).__seen,
        undefined,
        { timeout: waitMs(5000) },
      )
      .then((handle) => handle.jsonValue() as Promise<Record<string, number>>);
    await burner.stop();
    to50.push(seen['50']! - loadOn);
    to80.push(seen['80']! - loadOn);
  }
  await browser.close();
  await server.stop();
  return {
    rows: [
      {
        measure: 'load step → every tile above 50%',
        value: `${median(to50)} ms median`,
        target: '≤ 300 ms',
        note: `trials ${to50.join(', ')} ms`,
      },
      {
        measure: 'load step → every tile above 80%',
        value: `${median(to80)} ms median`,
        note: `trials ${to80.join(', ')} ms`,
      },
    ],
    data: { to50, to80 },
  };
}

async function coldStart(): Promise<{ rows: Row[]; data: Record<string, unknown> }> {
  console.error(`cold start: ${TRIALS} launches of browser mode to the first sample drawn…`);
  const browser = await launchChromium();
  const ready: number[] = [];
  const drawn: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const page = await browser.newPage();
    const launched = Date.now();
    const server = runNode(['out/main/server.js', '--port', '0', '--no-open']);
    const [, url] = await waitForLine(server.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/);
    ready.push(Date.now() - launched);
    await page.goto(url!);
    const at = await page
      .waitForFunction(() => document.querySelector('[role="meter"][aria-valuenow]') && Date.now(), undefined, {
        polling: 'raf',
        timeout: waitMs(10_000),
      })
      .then((h) => h.jsonValue() as Promise<number>);
    drawn.push(at - launched);
    await page.close();
    await server.stop();
  }
  await browser.close();
  return {
    rows: [
      {
        measure: 'launch → server listening',
        value: `${median(ready)} ms median`,
        note: `trials ${ready.join(', ')} ms`,
      },
      {
        measure: 'launch → first sample drawn',
        value: `${median(drawn)} ms median`,
        target: '< 1500 ms',
        note: `trials ${drawn.join(', ')} ms`,
      },
    ],
    data: { ready, drawn },
  };
}

const none = { rows: [] as Row[], data: {} };
const cost = !ONLY || ONLY === 'cost' ? await hostCost() : none;
const lat = !ONLY || ONLY === 'latency' ? await latency() : none;
const cold = !ONLY || ONLY === 'cold-start' ? await coldStart() : none;
const markdown = printTable(`Monitor benchmark (${os.cpus()[0]?.model ?? 'CPU'}, ${CORES} logical cores)`, [
  ...cost.rows,
  ...lat.rows,
  ...cold.rows,
]);
const file = writeResults('monitor', { cost: cost.data, latency: lat.data, coldStart: cold.data }, markdown);
console.log(`wrote ${file}`);
