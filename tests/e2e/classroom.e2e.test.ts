import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syntheticSubmission } from '../../src/core/classroom/synthetic-class';
import { launchChromium, press, runNode, screenshot, startServer, waitForLine } from './app';

function post(url: string, body: string, localAddress: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Where an element sits in the viewport, and the px size of its type. */
async function placed(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      top: r.top,
      bottom: r.bottom,
      height: r.height,
      fontPx: parseFloat(getComputedStyle(el).fontSize),
      viewport: window.innerHeight,
    };
  });
}

/** Presses Space on a lesson and waits for its runs to end. */
async function runLesson(page: Page, timeoutMs = 120_000): Promise<void> {
  const run = page.locator('.btn--run');
  await press(page, 'Space');
  await expect.poll(() => run.textContent(), { timeout: 5000 }).toMatch(/Stop/);
  await expect.poll(() => run.textContent(), { timeout: timeoutMs, interval: 250 }).toMatch(/^\s*Run\s*$/);
}

describe('the classroom in Chromium', () => {
  it('a follower on a phone sees the teacher run lesson 1, cannot act, and the board fills', async () => {
    const server = await startServer(['--share', '--share-host', '127.0.0.2']);
    const browser = await launchChromium();
    try {
      const [, joinUrl] = await waitForLine(
        server.stdout,
        /^GIL Lab class at (http:\/\/127\.0\.0\.2:\d+\/join\/[A-Za-z0-9_-]{22})$/,
      );
      expect(server.stdout.some((l) => /^Room code [A-Z2-9]{6}$/.test(l))).toBe(true);
      const origin = new URL(joinUrl!).origin;

      const teacher = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
      await teacher.goto(server.url);
      await teacher.getByRole('button', { name: /^Class/ }).click();
      await expect
        .poll(() => teacher.getByTestId('follower-count').textContent(), { timeout: 10_000 })
        .toMatch(/0 following/);
      await screenshot(teacher, 'class-share-1920');

      const phone = await (
        await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })
      ).newPage();
      const joinStart = Date.now();
      await phone.goto(joinUrl!);
      await phone.locator('[role="meter"][aria-label^="Core "]').first().waitFor({ timeout: 10_000 });
      console.log(`join to first frame drawn: ${Date.now() - joinStart} ms`);
      await expect
        .poll(() => teacher.getByTestId('follower-count').textContent(), { timeout: 10_000 })
        .toMatch(/1 following/);
      await expect
        .poll(() => phone.getByTestId('teacher-view').textContent(), { timeout: 10_000 })
        .not.toMatch(/Waiting/);

      // On the projector the way in reads from the back of the room, with who follows and End sharing in sight.
      await press(teacher, 'p');
      await teacher.locator('html.projector').waitFor();
      const qr = await placed(teacher, '.share__qr');
      const code = await placed(teacher, '[data-testid="room-code"]');
      const url = await placed(teacher, '[data-testid="join-url"]');
      const followers = await placed(teacher, '[data-testid="followers"]');
      const end = await placed(teacher, 'button:has-text("End sharing")');
      console.log(
        `projector share panel: QR ${Math.round(qr.height)} px of ${qr.viewport}, room code ${code.fontPx} px, join address ${url.fontPx} px`,
      );
      expect(qr.height / qr.viewport).toBeGreaterThanOrEqual(0.4);
      expect(qr.bottom).toBeLessThanOrEqual(qr.viewport);
      expect(code.fontPx).toBeGreaterThanOrEqual(64);
      for (const seen of [code, url, followers, end]) {
        expect(seen.top).toBeGreaterThanOrEqual(0);
        expect(seen.bottom).toBeLessThanOrEqual(seen.viewport);
      }
      await screenshot(teacher, 'class-share-projector');
      await press(teacher, 'p');

      // The follower's page, asked to act on the teacher's machine, is refused by the server.
      const refused = await phone.evaluate(
        async (url) => {
          const ws = new WebSocket(url);
          await new Promise((resolve) => ws.addEventListener('open', resolve));
          const answers: unknown[] = [];
          ws.addEventListener('message', (e) => {
            const m = JSON.parse(String(e.data)) as { type: string };
            if (m.type === 'result') answers.push(m);
          });
          ws.send(
            JSON.stringify({
              type: 'invoke',
              id: 1,
              channel: 'run:start',
              payload: { params: { workload: 'cpu', mode: 'processes', workers: 1, tasks: 1 } },
            }),
          );
          ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'session:list', payload: {} }));
          for (let i = 0; i < 100 && answers.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
          ws.close();
          return answers;
        },
        `${joinUrl!.replace('http', 'ws')}/ws`,
      );
      expect(refused).toEqual([
        expect.objectContaining({ id: 1, ok: false, error: expect.objectContaining({ code: 'refused' }) }),
        expect.objectContaining({ id: 2, ok: false, error: expect.objectContaining({ code: 'refused' }) }),
      ]);
      expect((await fetch(`${origin}/`)).status).toBe(403);
      expect((await fetch(`${origin}/join/${'A'.repeat(22)}/`)).status).toBe(403);

      // The teacher runs lesson 1; the follower sees the same run's lanes.
      await teacher.getByRole('button', { name: /^Class/ }).click();
      await press(teacher, 'Space');
      await phone.getByTestId('follow-lanes').waitFor({ timeout: 30_000 });
      await phone.waitForTimeout(1500);
      await screenshot(phone, 'class-follow-390');
      await phone.setViewportSize({ width: 1920, height: 1080 });
      await phone.waitForTimeout(500);
      await screenshot(phone, 'class-follow-1920');

      // A student's CLI sends its run; then a room of synthetic machines fills the board.
      const student = runNode([
        'out/main/cli.js',
        'run',
        '--workload',
        'cpu',
        '--mode',
        'processes',
        '--workers',
        '2',
        '--tasks',
        '2',
        '--task-ms',
        '100',
        '--submit',
        joinUrl!,
        '--student',
        'CLI student',
      ]);
      expect(await student.exited, student.stderr.join('\n')).toBe(0);
      expect(student.stderr.join('\n')).toContain('sent to the class board');
      for (let i = 0; i < 30; i++) {
        expect(await post(`${joinUrl}/submit`, JSON.stringify(syntheticSubmission(i)), `127.0.1.${i + 1}`)).toBe(202);
      }
      await teacher.getByRole('button', { name: /^Class/ }).click();
      await expect.poll(() => teacher.locator('.board__table tbody tr').count(), { timeout: 10_000 }).toBe(31);
      await expect.poll(() => teacher.getByText('CLI student').count()).toBeGreaterThan(0);
      await teacher.locator('.board').scrollIntoViewIfNeeded();
      await screenshot(teacher, 'class-board-30-1920');
      // The scatter's whole scale: every step labelled on both axes, none cut off by the frame.
      const ticks = await teacher.locator('.board__plot text.tick').evaluateAll((nodes) => {
        const svg = nodes[0]!.closest('svg')!.getBoundingClientRect();
        return nodes.map((n) => {
          const r = n.getBoundingClientRect();
          return {
            text: n.textContent?.trim(),
            inside: r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.bottom <= svg.bottom + 1,
          };
        });
      });
      expect(ticks.map((t) => t.text)).toContain('0');
      expect(ticks.map((t) => t.text)).toContain('16');
      expect(ticks.filter((t) => !t.inside)).toEqual([]);
      await press(teacher, 'p');
      await teacher.locator('html.projector').waitFor();
      await teacher.locator('.board__plot').scrollIntoViewIfNeeded();
      await screenshot(teacher, 'class-board-30-projector');
    } finally {
      await browser.close();
      await server.stop();
    }
  }, 180_000);

  it('a late follower sees the run so far and scrubs it, a student app sends to the board, and ending sharing is said plainly', async () => {
    const server = await startServer(['--share', '--share-host', '127.0.0.2']);
    // A student's own GIL Lab, in browser mode on the same machine.
    const own = await startServer();
    const browser = await launchChromium();
    try {
      const [, joinUrl] = await waitForLine(
        server.stdout,
        /^GIL Lab class at (http:\/\/127\.0\.0\.2:\d+\/join\/[A-Za-z0-9_-]{22})$/,
      );
      const teacher = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
      await teacher.goto(server.url);
      await teacher.locator('.btn--run').waitFor();

      // The teacher starts lesson 1; a phone joins halfway through.
      const run = teacher.locator('.btn--run');
      await press(teacher, 'Space');
      await expect.poll(() => run.textContent(), { timeout: 5000 }).toMatch(/Stop/);
      await teacher.waitForTimeout(1500);
      const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      // Counts the sockets the page opens, to see that it stops reconnecting once sharing ends.
      await phoneContext.addInitScript(() => {
        const Native = window.WebSocket;
        const counted = window as unknown as { socketsOpened: number };
        counted.socketsOpened = 0;
        window.WebSocket = class extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(url, protocols);
            counted.socketsOpened++;
          }
        };
      });
      const phone = await phoneContext.newPage();
      await phone.goto(joinUrl!);
      await phone.getByTestId('follow-lanes').waitFor({ timeout: 10_000 });
      const live = await phone.locator('.follow__pick .btn').allTextContents();
      console.log(`a follower joining mid-run was sent runs: ${live.join(', ')}`);
      expect(live.length).toBeGreaterThan(0);
      // The lanes are within a phone's first screen or two, not under every core tile.
      const lanesTop = (await placed(phone, '[data-testid="follow-lanes"]')).top;
      const tilesTop = (await placed(phone, '.follow__cores')).top;
      expect(lanesTop).toBeLessThan(tilesTop);
      expect(lanesTop).toBeLessThan(844 * 1.5);
      await screenshot(phone, 'class-follow-late-390');
      await expect.poll(() => run.textContent(), { timeout: 120_000, interval: 250 }).toMatch(/^\s*Run\s*$/);

      // The student scrubs the finished run on the phone; the teacher's screen does not move.
      await expect
        .poll(() => phone.locator('.follow__pick .btn').allTextContents(), { timeout: 10_000 })
        .not.toContainEqual(expect.stringContaining('live'));
      await phone.locator('.follow__pick .btn').last().click();
      const at = phone.locator('[data-testid="lanes-readout"] .lanes__at');
      await at.waitFor({ timeout: 10_000 });
      const range = phone.locator('[data-testid="follow-lanes"] .lanes__range');
      const max = Number(await range.getAttribute('max'));
      const scrub = (to: number) =>
        range.evaluate(
          (el, value) => {
            (el as HTMLInputElement).value = value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
          },
          String(Math.round(to)),
        );
      await scrub(max * 0.25);
      const quarter = await at.textContent();
      await scrub(max * 0.75);
      await expect.poll(() => at.textContent()).not.toBe(quarter);

      // The student's own app runs lesson 1 (shorter tasks) and sends it to the teacher's board.
      const student = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
      await student.goto(own.url);
      await student.getByRole('slider', { name: 'Length of one task', exact: true }).fill('0.2');
      await runLesson(student);
      const send = student.getByRole('button', { name: 'Send to the class board' });
      const address = student.locator('input[name="join-address"]');
      const note = student.locator('.send__note');
      await send.click();
      await address.fill('http://127.0.0.2/not-a-join-address');
      await student.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => note.textContent()).toMatch(/is not a join address/);
      await address.fill(joinUrl!.replace(/[^/]+$/, 'A'.repeat(22)));
      await student.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => note.textContent(), { timeout: 15_000 }).toMatch(/does not know this join address/);
      await send.click();
      await address.fill(joinUrl!);
      await student.locator('input[name="student"]').fill('UI student');
      await student.getByRole('button', { name: 'Send', exact: true }).click();
      await expect
        .poll(() => note.textContent(), { timeout: 20_000 })
        .toMatch(/^\s*Sent \d runs to the class board at 127\.0\.0\.2:\d+\.\s*$/);
      await screenshot(student, 'class-send-1920');
      await teacher.getByRole('button', { name: /^Class/ }).click();
      await expect.poll(() => teacher.getByText('UI student').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      // Sent again within the minute, the board's limit answers and the student is told when to retry.
      for (let i = 0; i < 3 && !/Try again/.test((await note.textContent()) ?? ''); i++) {
        await send.click();
        await expect.poll(() => send.isDisabled(), { timeout: 20_000 }).toBe(false);
      }
      expect(await note.textContent()).toMatch(/only a few runs a minute from one machine\. Try again in \d+ s\./);

      // The teacher ends sharing: the phone says so and stops reconnecting.
      await teacher.getByRole('button', { name: 'End sharing' }).click();
      await expect
        .poll(() => phone.getByTestId('follow-ended').textContent(), { timeout: 10_000 })
        .toMatch(/The teacher ended sharing/);
      const opened = () => phone.evaluate(() => (window as unknown as { socketsOpened: number }).socketsOpened);
      const socketsBefore = await opened();
      await phone.waitForTimeout(3000);
      expect(await opened()).toBe(socketsBefore);
      expect(await phone.getByText('Connecting to the teacher').count()).toBe(0);
      await screenshot(phone, 'class-follow-ended-390');
    } finally {
      await browser.close();
      await Promise.all([server.stop(), own.stop()]);
    }
  }, 300_000);
});
