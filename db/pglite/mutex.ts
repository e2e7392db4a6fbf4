/**
 * A first-come, first-served lock. PGlite is one Postgres backend in one process: a transaction's statements must
 * not interleave with anyone else's, so whoever holds the connection holds this.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async acquire(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
