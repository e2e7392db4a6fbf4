import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/**
 * The twilio client builds absolute `https://api.twilio.com/...` URLs itself (its `edge` and `region` options only
 * rename the host within twilio.com), so the supported seam for another endpoint is the `httpClient` option. This
 * client keeps the library's own request handling and only swaps the scheme, host and port of every URL, including
 * the next-page URLs of list calls, for those of `baseUrl`. Used for the loopback fake in tests and for a
 * Twilio-compatible proxy; production leaves `baseUrl` unset and gets the library's default client.
 */
export class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options?: RequestClient.RequestClientOptions) {
    super(options);
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const target = new URL(opts.uri);
    target.protocol = this.base.protocol;
    target.host = this.base.host;
    return super.request({ ...opts, uri: target.toString() });
  }
}
