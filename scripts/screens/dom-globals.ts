// miniprogram-simulate renders into a DOM: under jest the page environment provides jsdom; run
// from the command line, this installs a jsdom window's globals (keeping Node's timers and fetch).
import { JSDOM } from 'jsdom';

const domEvents = new Set(['Event', 'EventTarget', 'CustomEvent']);

export function ensureDomGlobals(): void {
  const globals = globalThis as Record<string, unknown>;
  if (typeof globals.document !== 'undefined') return;
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    pretendToBeVisual: true,
  });
  const source = window as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    // Node has its own Event classes, which jsdom's elements refuse to dispatch.
    if (key in globals && !domEvents.has(key)) continue;
    try {
      globals[key] = source[key];
    } catch {
      // A few window properties are getters that throw outside a browsing context.
    }
  }
  globals.window = window;
  globals.document = window.document;
}
