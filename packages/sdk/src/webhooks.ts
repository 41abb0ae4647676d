/**
 * Verifying webhook deliveries: each is a CloudEvents 1.0 JSON body signed per Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The `standardwebhooks` library checks
 * the HMAC-SHA256 signature (any of the space-separated ones, so deliveries during a secret
 * rotation verify with either secret) and refuses timestamps more than 5 minutes away.
 *
 * ```ts
 * const event = webhooks.verify(await request.text(), request.headers, process.env.WEBHOOK_SECRET!);
 * if (event.type === 'organization.created') …
 * ```
 * @module
 */
import { Webhook, WebhookVerificationError as LibraryVerificationError } from 'standardwebhooks';
import { AuthgraphError } from './errors.js';

/** A delivered event (CloudEvents 1.0, structured mode). `id` is also the `webhook-id`: deduplicate on it. */
export interface CloudEvent<D = Record<string, unknown>> {
  specversion: '1.0';
  /** the event id (`evt_…`), the same on every retry of the delivery */
  id: string;
  /** `/{account}/{issuer}/…`: where the change happened */
  source: string;
  /** e.g. `organization.created` */
  type: string;
  /** the id of the object the event is about */
  subject?: string;
  /** RFC 3339 time of the change */
  time: string;
  datacontenttype: 'application/json';
  data: D;
}

/** The signature, timestamp or body of a delivery is not valid (code `WEBHOOK_SIGNATURE_INVALID`); answer 400 and ignore it. */
export class WebhookVerificationError extends AuthgraphError {
  override name = 'WebhookVerificationError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'WEBHOOK_SIGNATURE_INVALID', status: 400, requestId: null, cause });
  }
}

/** Headers as a Fetch `Headers`, a Node `IncomingHttpHeaders` or a plain record. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? '';
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * Verifies a delivery and returns its event. `rawBody` must be the body exactly as received
 * (not re-serialized JSON). `secret` is the endpoint's `whsec_…` secret. Throws
 * WebhookVerificationError when a header is missing, the signature does not match, the
 * timestamp is more than 5 minutes off, or the body is not a CloudEvent.
 */
export function verifyWebhook<D = Record<string, unknown>>(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
): CloudEvent<D> {
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  const wanted = {
    'webhook-id': header(headers, 'webhook-id'),
    'webhook-timestamp': header(headers, 'webhook-timestamp'),
    'webhook-signature': header(headers, 'webhook-signature'),
  };
  let event: unknown;
  try {
    event = new Webhook(secret).verify(body, wanted);
  } catch (error) {
    throw new WebhookVerificationError(
      error instanceof LibraryVerificationError ? error.message : 'The webhook could not be verified.',
      error,
    );
  }
  const e = event as Partial<CloudEvent<D>> | null;
  if (e?.specversion !== '1.0' || typeof e.id !== 'string' || typeof e.type !== 'string' || e.id !== wanted['webhook-id']) {
    throw new WebhookVerificationError('The body is not the CloudEvent this delivery names.');
  }
  return e as CloudEvent<D>;
}

/** The `webhooks` module: `webhooks.verify(rawBody, headers, secret)`. */
export const webhooks = { verify: verifyWebhook };
