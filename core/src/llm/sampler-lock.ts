// Seeded sampling on transformers.js's one process-wide random generator, without concurrent runs disturbing it.

type Grant = () => void;

/**
 * A first-come reader-writer lock. Unseeded sampling runs share the generator (their draws may interleave: they
 * only need randomness); a seeded run holds it alone from seeding to its last token, so its draws are exactly the
 * sequence its seed defines. Greedy runs draw nothing and never take the lock.
 */
export class SamplerLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiters: Array<{ exclusive: boolean; grant: Grant }> = [];

  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (exclusive) this.exclusive = false;
        else this.shared -= 1;
        this.pump();
      };
      this.waiters.push({ exclusive, grant: () => resolve(release) });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const head = this.waiters[0];
      if (!head) return;
      const fits = head.exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
      if (!fits) return; // first come, first served: a waiting seeded run is not overtaken
      this.waiters.shift();
      if (head.exclusive) this.exclusive = true;
      else this.shared += 1;
      head.grant();
    }
  }
}
