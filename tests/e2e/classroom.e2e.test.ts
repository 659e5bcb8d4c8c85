import { request } from 'node:http';
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
    } finally {
      await browser.close();
      await server.stop();
    }
  }, 180_000);
});
