import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openLabPage, startServer, type LabPageOptions, type RunningProcess } from './app';

/** The built server and one Chromium page on it, shared by the tests of one describe block. */
export interface LabInChromium {
  server: RunningProcess & { url: string };
  browser: Browser;
  page: Page;
  /** The page's uncaught errors, and the console messages its options count as errors. */
  pageErrors: string[];
}

/**
 * Starts the server and Chromium and opens the lab before the block's tests, and stops both after
 * them. The fields are filled in by the time the first test runs.
 */
export function labInChromium(options: LabPageOptions & { startTimeoutMs?: number } = {}): LabInChromium {
  const { startTimeoutMs, ...pageOptions } = options;
  const lab = { pageErrors: [] as string[] } as LabInChromium;
  beforeAll(async () => {
    lab.server = await startServer();
    lab.browser = await launchChromium();
    lab.page = await openLabPage(lab.browser, lab.server.url, lab.pageErrors, pageOptions);
  }, startTimeoutMs);
  afterAll(async () => {
    await lab.browser?.close();
    await lab.server?.stop();
  });
  return lab;
}
