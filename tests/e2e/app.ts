import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/lib/chromium.mjs';
import { PARENT_PID_ENV } from '../../scripts/lib/parent-watch.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
/** Loaded first into every process runNode starts, so none outlives a crashed test or benchmark. */
const EXIT_WITH_PARENT = new URL('../../scripts/lib/exit-with-parent.mjs', import.meta.url).href;
const WATCH_ME = { [PARENT_PID_ENV]: String(process.pid) };

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  /** Resolves with the exit code (or null after a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a Node script from the repository root, collecting its output line by line. The
 * script exits on its own if this process dies (see scripts/lib/exit-with-parent.mjs).
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(process.execPath, ['--import', EXIT_WITH_PARENT, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', ...WATCH_ME, ...env },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => (chunk: Buffer) => into.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout.on('data', collect(stdout));
  child.stderr.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForLine(lines: string[], pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of lines) {
      const match = line.match(pattern);
      if (match) return match;
    }
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How a run of the built CLI ended: its exit code, its output whole and by line, and its errors. */
export interface LabRun {
  code: number | null;
  stdout: string;
  lines: string[];
  stderr: string[];
}

/** Runs the built CLI (`npm run lab -- ARGS`) to its end. */
export async function runLab(args: string[]): Promise<LabRun> {
  const child = runNode(['out/main/cli.js', ...args]);
  const code = await child.exited;
  return { code, stdout: child.stdout.join('\n'), lines: child.stdout, stderr: child.stderr };
}

/** The built browser-mode server on a free port. */
export async function startServer(extraArgs: string[] = []): Promise<RunningProcess & { url: string }> {
  // Saved sessions go to a folder of the test's own, never the user's data folder.
  const own = extraArgs.includes('--data-dir') ? null : mkdtempSync(path.join(os.tmpdir(), 'gil-lab-e2e-'));
  const dataDir = own ? ['--data-dir', own] : [];
  const server = runNode(['out/main/server.js', '--port', '0', '--no-open', ...dataDir, ...extraArgs]);
  if (own) void server.exited.then(() => rmSync(own, { recursive: true, force: true }));
  const [, url] = await waitForLine(server.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/);
  return Object.assign(server, { url: url! });
}

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set (the e2e global setup sets it)');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** What openLabPage waits for and records beside the page's uncaught errors. */
export interface LabPageOptions {
  /** Console messages of these types count as page errors too. */
  consoleErrors?: readonly ('error' | 'warning')[];
  /** A selector that shows the lab has drawn; openLabPage waits for it after loading. */
  readySelector?: string;
  acceptDownloads?: boolean;
}

/** The lab at `url` in a new 1920 × 1080 page of `browser`, its errors pushed to `errors`. */
export async function openLabPage(
  browser: Browser,
  url: string,
  errors: string[],
  options: LabPageOptions = {},
): Promise<Page> {
  const { consoleErrors = [], readySelector, acceptDownloads } = options;
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads });
  page.on('pageerror', (error) => errors.push(error.message));
  if (consoleErrors.length > 0) {
    page.on('console', (message) => {
      if ((consoleErrors as readonly string[]).includes(message.type())) errors.push(message.text());
    });
  }
  await page.goto(url);
  if (readySelector) await page.waitForSelector(readySelector);
  return page;
}

/** Shows every core tile, so a page that has it has drawn the live monitor. */
export const CORE_TILE = '[role="meter"][aria-label^="Core "]';

/** Every core tile's current aria-valuenow. */
export function tileValues(page: Page): Promise<number[]> {
  return page.locator(CORE_TILE).evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('aria-valuenow'))));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page. CDP evaluation is not subject to the page's CSP, so no script tag is needed. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** Presses a shortcut as a presenter would: with no control focused, so the page gets the key. */
export async function press(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

/**
 * Keeps every axe finding, minor ones included, in test-results/<file> beside the screenshots,
 * and returns the serious and critical ones, one line each, for the test to refuse.
 */
export function keepAxeReport(file: string, report: Record<string, AxeViolation[]>): string[] {
  const out = path.join(ROOT, 'test-results', file);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2));
  return Object.entries(report).flatMap(([where, violations]) =>
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  );
}
