import { buildIfStale } from '../../scripts/lib/build.mjs';
import { ensureChromium } from '../../scripts/lib/chromium.mjs';

/** End-to-end tests run the built app, as users do: build once if the sources changed. */
export default function setup(): void {
  if (!buildIfStale({ quiet: true })) throw new Error('electron-vite build failed');
  const chromium = ensureChromium();
  if (!chromium) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  process.env.CHROMIUM_PATH = chromium;
}
