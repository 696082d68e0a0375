import { createSlidingWindowLimiter } from '../../../api/auth/sliding-window-limiter';

describe('sliding-window rate limiter', () => {
  it('allows up to the limit within the window, then refuses with the wait until the oldest attempt expires', () => {
    let now = 0;
    const limiter = createSlidingWindowLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([limiter.hit('k'), limiter.hit('k'), limiter.hit('k')].every((d) => d.allowed)).toBe(true);
    now = 10_000;
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    now = 60_001;
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('counts keys separately and forgets a key on reset', () => {
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1000, now: () => 5 });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
    limiter.reset('a');
    expect(limiter.hit('a').allowed).toBe(true);
  });

  it('bounds its memory by dropping the oldest key', () => {
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1000, now: () => 5, maxKeys: 2 });
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c'); // evicts "a"
    expect(limiter.hit('a').allowed).toBe(true);
  });
});
