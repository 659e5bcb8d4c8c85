import { ensureChromium } from '../../scripts/lib/chromium.mjs';

/** The painter's tests need only a Chromium, not the built app. */
export default function setup(): void {
  const chromium = ensureChromium();
  if (!chromium) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  process.env.CHROMIUM_PATH = chromium;
}
