/**
 * What bench:ui runs inside the page, as script text (this project compiles without DOM types):
 * a WebSocket wrapper that timestamps every frame from the engine as it arrives, and helpers that
 * wait for a DOM condition and then for the frame that paints it. "Painted" is the moment a
 * message posted from the first animation frame after the change is delivered: that frame's
 * style, layout and paint have run by then.
 *
 * And the trace reading: per frame of the renderer's main thread, how long its tasks ran.
 */

export const INSTRUMENT = `
(() => {
  const bench = { messages: [], sent: [], marks: {} };
  window.__bench = bench;
  const Native = window.WebSocket;
  const asked = new Map();
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const at = performance.now();
        let method = '';
        try {
          const frame = JSON.parse(typeof event.data === 'string' ? event.data : '{}');
          method = asked.get(frame.id) ?? '';
          asked.delete(frame.id);
        } catch {
          // Not a frame of ours.
        }
        bench.messages.push({
          at,
          method,
          grid: method === 'listings.grid',
          bulk: method === 'listings.bulkEdit',
        });
      });
    }
    send(data) {
      try {
        const frame = JSON.parse(data);
        if (frame.type === 'call') {
          asked.set(frame.id, frame.method);
          bench.sent.push({ at: performance.now(), method: frame.method });
        }
      } catch {
        // Not a frame of ours.
      }
      super.send(data);
    }
  };
  bench.afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );
  // Resolves (with the time) once test() holds — checked on every DOM change and every frame (a
  // new answer that repaints nothing changes no DOM) — and the frame after it has painted.
  bench.until = (test, timeoutMs = 60000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        try {
          return test();
        } catch {
          return false;
        }
      };
      let done = false;
      const finish = () => {
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        bench.afterPaint().then(resolve);
      };
      const observer = new MutationObserver(() => {
        if (!done && check()) finish();
      });
      const timer = setTimeout(() => {
        done = true;
        observer.disconnect();
        reject(new Error('timed out waiting for the page'));
      }, timeoutMs);
      const frame = () => {
        if (done) return;
        if (check()) finish();
        else requestAnimationFrame(frame);
      };
      observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      frame();
    });
  document.addEventListener('keydown', () => { bench.marks.key = performance.now(); }, true);
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('[data-testid]') : null;
      if (target) bench.marks[target.getAttribute('data-testid')] = performance.now();
    },
    true,
  );
})();
`;

/** A JS expression: the listings grid element of the workbench. */
export const GRID = `document.querySelector('[data-testid="workbench-grid"] [role="grid"]')`;

/** Rows of the listings grid rendered with data (not placeholders), and not busy. */
export const GRID_READY = `(() => {
  const grid = ${GRID};
  return !!grid && grid.getAttribute('aria-busy') === 'false' &&
    !!grid.querySelector('[data-testid="grid-row"]');
})`;

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { name?: string; data?: unknown };
}

/** Tests for the renderer's main thread and the time between two user-timing marks. */
function markedWindow(events: readonly TraceEvent[], startMark: string, endMark: string) {
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark);
  if (!start || !end) throw new Error(`the trace lacks the marks ${startMark}/${endMark}`);
  return {
    onMain: (event: TraceEvent) => event.pid === start.pid && event.tid === start.tid,
    within: (event: TraceEvent) => event.ts >= start.ts && event.ts <= end.ts,
  };
}

/**
 * Main-thread work per frame between two user-timing marks: the renderer main thread is the one
 * that carries the marks; frames start at each BeginMainThreadFrame; a frame's work is the sum
 * of the top-level tasks (RunTask) that start before the next frame begins.
 */
export function frameWork(
  events: readonly TraceEvent[],
  startMark: string,
  endMark: string,
): number[] {
  const { onMain, within } = markedWindow(events, startMark, endMark);
  const frames = events
    .filter((event) => event.name === 'BeginMainThreadFrame' && onMain(event) && within(event))
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const tasks = events
    .filter(
      (event) => event.name === 'RunTask' && event.ph === 'X' && onMain(event) && within(event),
    )
    .sort((a, b) => a.ts - b.ts);
  const work: number[] = [];
  let index = 0;
  for (let frame = 0; frame + 1 < frames.length; frame++) {
    const from = frames[frame]!;
    const to = frames[frame + 1]!;
    let sum = 0;
    while (index < tasks.length && tasks[index]!.ts < to) {
      const task = tasks[index]!;
      if (task.ts >= from) sum += task.dur ?? 0;
      index++;
    }
    work.push(sum / 1000);
  }
  return work;
}

/**
 * Where a traced window's main-thread time went: the summed duration of each kind of complete
 * event in it (inclusive, so nested kinds overlap their parents), the largest first.
 */
export function workByKind(
  events: readonly TraceEvent[],
  startMark: string,
  endMark: string,
  top = 8,
): { name: string; ms: number }[] {
  const { onMain, within } = markedWindow(events, startMark, endMark);
  const totals = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'X' || event.name === 'RunTask' || !onMain(event) || !within(event)) continue;
    totals.set(event.name, (totals.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
  }
  return [...totals]
    .map(([name, ms]) => ({ name, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
