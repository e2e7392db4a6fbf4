/** Samples this process's memory every `everyMs` and keeps the peaks since the last reset. */
export class MemorySampler {
  private peakRss = 0;
  private peakHeap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 50) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }

  reset(): void {
    this.peakRss = 0;
    this.peakHeap = 0;
    this.sample();
  }

  peaks(): { readonly rssMb: number; readonly heapMb: number } {
    this.sample();
    return { rssMb: this.peakRss / 2 ** 20, heapMb: this.peakHeap / 2 ** 20 };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
