import { Writable } from 'node:stream';
import { createApiLogger } from '../../api/observability/logger';
import { scrubLogLine } from '../../api/observability/scrub-log-line';

describe('the API log scrubs contact details from every line it writes', () => {
  it('masks email addresses and E.164 numbers, plain and URL-encoded, and leaves masked values and ids alone', () => {
    expect(scrubLogLine('Key (email)=(zoe.wang+shop@example.org) already exists')).toBe(
      'Key (email)=(z***@example.org) already exists',
    );
    expect(scrubLogLine('to=zoe.wang%2Bshop%40example.org&x=1')).toBe('to=z***%40example.org&x=1');
    expect(scrubLogLine('"from":"+8613812345678"')).toBe('"from":"+86*******5678"');
    expect(scrubLogLine('From=%2B14155550177&Body=1')).toBe('From=%2B14*****0177&Body=1');
    const clean =
      '{"time":1796231711037,"from":"+86*******5678","to":"z***@example.com","workflowId":"order:o-1","n":+1234}';
    expect(scrubLogLine(clean)).toBe(clean);
  });

  it('applies to lines pino writes, including properties of logged errors', () => {
    const lines: string[] = [];
    const logger = createApiLogger({
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString('utf8'));
          callback();
        },
      }),
    });
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      detail: 'Key (phone)=(+8613812345678) already exists.',
    });
    logger.error({ err, to: 'zoe@example.org' }, 'events could not be applied for zoe@example.org');
    const text = lines.join('');
    expect(text).toContain('+86*******5678');
    expect(text).toContain('z***@example.org');
    expect(text).not.toContain('8613812345678');
    expect(text).not.toContain('zoe@');
  });
});
