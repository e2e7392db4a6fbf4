import type { Labels, MetricFamily } from './prometheus-text';

/** A counter with labels; each distinct label set is one series. */
export class LabelledCounter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels, by = 1): void {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const found = this.series.get(key);
    if (found) found.value += by;
    else this.series.set(key, { labels, value: by });
  }

  value(labels: Labels): number {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    return this.series.get(key)?.value ?? 0;
  }

  family(): MetricFamily {
    return { name: this.name, help: this.help, type: 'counter', samples: [...this.series.values()] };
  }
}

/** A gauge read at scrape time from whatever tracks the value. */
export class SampledGauge {
  private read: () => number = () => 0;

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  track(read: () => number): void {
    this.read = read;
  }

  family(): MetricFamily {
    return { name: this.name, help: this.help, type: 'gauge', samples: [{ labels: {}, value: this.read() }] };
  }
}

/**
 * The counters of architecture.md 7 that the edge itself can count. Message, stall and SLA counters live where those
 * things happen (worker); the edge counts what crosses it.
 */
export class EdgeMetrics {
  readonly events = new LabelledCounter('notify_events_total', 'Events received on /v1/events by type and outcome.');
  readonly ingestRequests = new LabelledCounter(
    'notify_ingest_requests_total',
    'Requests to /v1/events by HTTP status.',
  );
  readonly inbound = new LabelledCounter(
    'notify_inbound_messages_total',
    'Inbound SMS (opt_out, help, opt_in, reply), reply links and unsubscribe links, by kind and outcome.',
  );
  readonly replies = new LabelledCounter('notify_replies_total', 'Replies routed to a workflow, by option chosen.');
  readonly statusCallbacks = new LabelledCounter(
    'notify_status_callbacks_total',
    'Provider delivery-status callbacks by status and outcome (applied, stale, duplicate, unknown).',
  );
  readonly webhookRejections = new LabelledCounter(
    'notify_webhook_rejections_total',
    'Webhooks refused for a missing or wrong signature, by route.',
  );
  readonly refused = new LabelledCounter(
    'notify_http_refused_total',
    'Requests the edge refused or cut short to protect itself, by reason: rate_limited (429), overloaded (503, ' +
      'in-flight cap), handler_timeout (503), body_timeout (408), body_too_large (413), request_timeout (Node closed ' +
      'a request whose headers, or a body after its answer, did not arrive in time).',
  );
  readonly inFlight = new SampledGauge(
    'notify_http_requests_in_flight',
    'Requests admitted and not yet done (answered, and their handler returned); probes aside.',
  );

  families(): MetricFamily[] {
    return [
      this.events,
      this.ingestRequests,
      this.inbound,
      this.replies,
      this.statusCallbacks,
      this.webhookRejections,
      this.refused,
      this.inFlight,
    ].map((metric) => metric.family());
  }
}
