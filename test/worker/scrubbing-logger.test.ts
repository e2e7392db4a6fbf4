import { scrubbingRuntimeLogger } from '../../worker/scrubbing-logger';

describe('the worker runtime logger', () => {
  it('writes one scrubbed line per entry at or above its level', () => {
    const lines: string[] = [];
    const logger = scrubbingRuntimeLogger('INFO', (line) => lines.push(line));
    logger.warn('Activity failed', {
      activityType: 'notify',
      workflowId: 'order:o-1',
      failure: { message: '550 <zoe.wang@example.org>: no such mailbox', to: '+8613812345678' },
      link: 'https://notify.example/v1/unsubscribe/v2.Zm9vYmFyYmF6?x=1',
    });
    logger.debug('not at this level', { to: 'zoe.wang@example.org' });

    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[WARN\] Activity failed \{/);
    expect(line).toContain("workflowId: 'order:o-1'");
    expect(line).toContain('z***@example.org');
    expect(line).toContain('+86*******5678');
    expect(line).toContain('/v1/unsubscribe/[token]?x=1');
    expect(line).not.toMatch(/zoe\.wang|8613812345678|Zm9vYmFyYmF6/);
  });
});
