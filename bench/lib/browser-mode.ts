import WebSocket from 'ws';

/** Sets a browser-mode server's monitor rate through its WebSocket, as the page would. */
export async function setRate(url: string, hz: number): Promise<void> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { origin: url });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'monitor:set-rate', payload: { hz } }));
  await new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { id?: number }).id === 1) resolve();
    }),
  );
  ws.close();
}
