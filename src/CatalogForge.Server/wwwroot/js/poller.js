// Polls with backoff: fast while something changes, slower (up to `max`) while nothing does, and after errors as the
// server asks (Retry-After). Paused while the tab is hidden; stop() ends it for good.

/**
 * `tick(signal)` returns true when it saw a change and 'done' when there is nothing left to watch (a finished job).
 * Errors go to `onError`; polling carries on, backing off.
 */
export function poll(tick, { min = 1000, max = 15000, onError = () => {} } = {}) {
  let delay = min;
  let timer = null;
  let stopped = false;
  let running = false;
  let controller = null;

  async function run() {
    timer = null;
    if (stopped || document.hidden || running) return;
    running = true;
    controller = new AbortController();
    try {
      const result = await tick(controller.signal);
      if (result === 'done') {
        stop();
        return;
      }
      delay = result ? min : Math.min(max, Math.round(delay * 1.5));
    } catch (error) {
      if (error.name === 'AbortError') return;
      onError(error);
      delay = error.retryAfter ? Math.max(min, error.retryAfter * 1000) : Math.min(max, delay * 2);
      // Nothing to wait for: the key is wrong (sign in again) or the thing is gone.
      if (error.status === 401 || error.status === 404) stop();
    } finally {
      running = false;
    }
    schedule();
  }

  function schedule() {
    if (!stopped && !document.hidden && timer === null) timer = setTimeout(run, delay);
  }

  function onVisibility() {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else {
      delay = min;
      schedule();
    }
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
    document.removeEventListener('visibilitychange', onVisibility);
  }

  document.addEventListener('visibilitychange', onVisibility);
  if (!document.hidden) timer = setTimeout(run, 0);
  return { stop, now: () => { clearTimeout(timer); timer = null; delay = min; run(); } };
}
