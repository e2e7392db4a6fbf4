import { signOperatorRequest } from '../../api/routes/operator/operator-signature';
import { serviceLink } from '../../client/service-link';
import { deriveServiceKeys } from '../../security/keys';
import { clientSigningSecret } from '../../worker/service-secret';
import {
  type ApiFixture,
  customerEvent,
  INGEST_SECRET,
  openApiFixture,
  signedEventHeaders,
} from './helpers/api-fixture';

/**
 * Rotating the ingest secret: the new one goes into NOTIFY_INGEST_SECRET and the old one into
 * NOTIFY_INGEST_SECRET_PREVIOUS; shops and operators still signing with the old one keep working until the previous
 * secret is removed. Signing is always done with the current one.
 */
describe('rotating the ingest secret', () => {
  const OLD = INGEST_SECRET;
  const NEW = 'the-new-ingest-secret-fedcba9876543210';
  let rotating: ApiFixture;
  let rotated: ApiFixture;
  beforeAll(async () => {
    rotating = await openApiFixture({ env: { NOTIFY_INGEST_SECRET: NEW, NOTIFY_INGEST_SECRET_PREVIOUS: OLD } });
    rotated = await openApiFixture({ env: { NOTIFY_INGEST_SECRET: NEW } });
  });
  afterAll(async () => {
    await rotating?.close();
    await rotated?.close();
  });
  beforeEach(async () => {
    for (const fx of [rotating, rotated]) {
      await fx.database.clear();
      fx.now = new Date(); // the service link signs with the wall clock
    }
  });

  const postEvent = (fx: ApiFixture, id: string, secret: string) => {
    const body = JSON.stringify(customerEvent(id, 'c-1', '+8613800138000'));
    return fx.request({
      method: 'POST',
      url: '/v1/events',
      payload: body,
      headers: signedEventHeaders(body, fx.now, secret),
    });
  };

  it('/v1/events accepts the previous secret while NOTIFY_INGEST_SECRET_PREVIOUS is set, and refuses it after', async () => {
    expect((await postEvent(rotating, 'e-old', OLD)).statusCode).toBe(202);
    expect((await postEvent(rotating, 'e-new', NEW)).statusCode).toBe(202);

    const refused = await postEvent(rotated, 'e-old', OLD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: 'signature mismatch' });
    expect((await postEvent(rotated, 'e-new', NEW)).statusCode).toBe(202);
  });

  it('operator calls signed with the previous secret work while it is configured, and are refused after', async () => {
    const oldOperator = serviceLink(rotating.baseUrl, OLD, 'the rotating API');
    expect(await oldOperator.call('GET', '/campaigns')).toEqual({ campaigns: [] });

    const afterRotation = serviceLink(rotated.baseUrl, OLD, 'the rotated API');
    await expect(afterRotation.call('GET', '/campaigns')).rejects.toThrow(
      /refused the operator call: signature mismatch/,
    );
    expect(await serviceLink(rotated.baseUrl, NEW, 'the rotated API').call('GET', '/campaigns')).toEqual({
      campaigns: [],
    });
  });

  it('signs with the current secret only, even while the previous one is configured', async () => {
    // What a client configured like the rotating service signs events with.
    const configured = { database: { dataDir: '/nonexistent' }, api: { ingestSecret: NEW } };
    expect(clientSigningSecret(configured)).toBe(NEW);
    expect((await postEvent(rotated, 'e-1', clientSigningSecret(configured) as string)).statusCode).toBe(202);

    // The operator ring of a service that holds both secrets signs with the new one: the rotated API accepts it.
    const url = '/v1/operator/campaigns';
    const signature = signOperatorRequest(
      deriveServiceKeys(NEW, OLD).operator,
      { method: 'GET', pathAndQuery: url, body: '' },
      Math.floor(rotated.now.getTime() / 1000),
    );
    const answer = await rotated.request({ method: 'GET', url, headers: { 'x-notify-signature': signature } });
    expect(answer.statusCode).toBe(200);
  });
});
