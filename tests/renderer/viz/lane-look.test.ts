import { afterEach, describe, expect, it } from 'vitest';
import { THREAD_STATES } from '../../../src/shared/vocabulary';
import { DRAWN_STATES } from '../../../src/renderer/src/components/viz/lane-style';
import { readThemeColours, readThemeFont } from '../../../src/renderer/src/lib/theme';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the drawn states', () => {
  it('are every thread state but idle, in the vocabulary’s order, each with its own pattern and colour', () => {
    expect(DRAWN_STATES.map((d) => d.state)).toEqual(THREAD_STATES.filter((s) => s !== 'idle'));
    expect(new Set(DRAWN_STATES.map((d) => d.pattern)).size).toBe(DRAWN_STATES.length);
    expect(new Set(DRAWN_STATES.map((d) => d.colour)).size).toBe(DRAWN_STATES.length);
  });
});

describe('readThemeColours', () => {
  it('reads each custom property by key, and a missing one as transparent', () => {
    const el = document.createElement('div');
    el.setAttribute('style', '--lane-running: #00d69b; --text:  #ffffff ');
    document.body.appendChild(el);
    expect(readThemeColours(el, { running: '--lane-running', text: '--text', io: '--lane-io' })).toEqual({
      running: '#00d69b',
      text: '#ffffff',
      io: 'transparent',
    });
  });

  it('reads the element’s font for canvas text', () => {
    const el = document.createElement('div');
    el.setAttribute('style', 'font-size: 28px; font-family: serif');
    document.body.appendChild(el);
    expect(readThemeFont(el)).toEqual({ family: 'serif', px: 28 });
  });
});
