import type { MetricFamily } from './prometheus-text';

/** The usual process gauges, read at scrape time. */
export function processMetrics(): MetricFamily[] {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const gauge = (name: string, help: string, value: number, type: 'counter' | 'gauge' = 'gauge'): MetricFamily => ({
    name,
    help,
    type,
    samples: [{ labels: {}, value }],
  });
  return [
    gauge(
      'process_cpu_seconds_total',
      'User and system CPU time spent, in seconds.',
      (cpu.user + cpu.system) / 1e6,
      'counter',
    ),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', memory.rss),
    gauge(
      'process_start_time_seconds',
      'Start time of the process since the Unix epoch, in seconds.',
      startTimeSeconds(),
    ),
    gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes.', memory.heapUsed),
    gauge('nodejs_heap_size_total_bytes', 'V8 heap allocated, in bytes.', memory.heapTotal),
  ];
}

function startTimeSeconds(): number {
  return Math.round(Date.now() / 1000 - process.uptime());
}
