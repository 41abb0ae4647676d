/** Webhook endpoints: create with an event-type picker (secret once), deliveries paged (Relay connection) with every attempt and its response, redeliver, send a test event. */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ConnectionList, ErrorBanner, Field, NO_ERRORS, Section, SecretOnce, Status, outcomeOf, when, type Outcome } from '../ui';

const Endpoints = graphql(`
  query ConsoleWebhookEndpoints($after: String) {
    webhookEventTypes
    webhookEndpoints(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id url status eventTypes createdAt
          deliveries(first: 1) { totalCount }
        }
      }
    }
  }
`);

const CreateEndpoint = graphql(`
  mutation ConsoleCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on CreateWebhookEndpointPayload { secret webhookEndpoint { id url status eventTypes createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const DeliveriesQuery = graphql(`
  query ConsoleWebhookDeliveries($id: ID!, $after: String) {
    webhookEndpoint(id: $id) {
      id
      deliveries(first: 10, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            id eventType status attemptCount lastStatusCode nextAttemptAt createdAt
            attempts { id attemptNumber statusCode latencyMs error attemptedAt responseExcerpt }
          }
        }
      }
    }
  }
`);

/**
 * One endpoint's deliveries, newest first, ten at a time ("Load more": the next page of the Relay
 * connection), each with every attempt and the response the endpoint gave; redeliver one.
 */
function Deliveries({ endpointId, onOutcome }: { endpointId: string; onOutcome: (o: Outcome | null, done?: string) => void }) {
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [{ data, fetching }] = useQuery({ query: DeliveriesQuery, variables: { id: endpointId, after } });
  const [, redeliver] = useMutation(Redeliver);
  const c = data?.webhookEndpoint?.deliveries;
  if (!c) return fetching ? <Status>Loading…</Status> : null;
  return (
    <div data-testid="deliveries">
      {c.edges.length === 0 ? <p className="empty">No deliveries yet.</p> : null}
      <ul className="deliveries">
        {c.edges.map(({ node: d }) => (
          <li key={d.id}>
            <span className="delivery-type">{d.eventType}</span>: {d.status.toLowerCase()} ({d.attemptCount} attempts, last{' '}
            {d.lastStatusCode ?? '—'}){d.nextAttemptAt ? `, next ${when(d.nextAttemptAt)}` : ''}{' '}
            <button
              type="button"
              aria-label={`Redeliver ${d.eventType} ${d.id}`}
              onClick={async () => {
                const r = await redeliver({ input: { id: d.id } });
                const o = outcomeOf(r.data?.redeliverWebhookDelivery, 'RedeliverWebhookDeliveryPayload', r.error);
                onOutcome(o, o ? undefined : 'Delivery queued again.');
              }}
            >
              Redeliver
            </button>
            <ol className="attempts">
              {d.attempts.map((a) => (
                <li key={a.id}>
                  Attempt {a.attemptNumber} at {when(a.attemptedAt)}: {a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? '—')} in{' '}
                  {a.latencyMs} ms
                  {a.responseExcerpt ? <pre className="response">{a.responseExcerpt}</pre> : null}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      <p className="count">
        {c.edges.length} of {c.totalCount} shown
      </p>
      {c.pageInfo.hasNextPage ? (
        <button type="button" disabled={fetching} onClick={() => c.pageInfo.endCursor && setAfter(c.pageInfo.endCursor)}>
          Load more deliveries
        </button>
      ) : null}
    </div>
  );
}

/** The deliveries of one endpoint, loaded when opened. */
function DeliveriesToggle({
  endpointId,
  total,
  onOutcome,
}: {
  endpointId: string;
  total: number;
  onOutcome: (o: Outcome | null, done?: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{total} deliveries</summary>
      {open ? <Deliveries endpointId={endpointId} onOutcome={onOutcome} /> : null}
    </details>
  );
}

const SendTest = graphql(`
  mutation ConsoleSendTestEvent($input: SendTestEventInput!) {
    sendTestEvent(input: $input) {
      __typename
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const Redeliver = graphql(`
  mutation ConsoleRedeliver($input: RedeliverWebhookDeliveryInput!) {
    redeliverWebhookDelivery(input: $input) {
      __typename
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

export function Webhooks() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: Endpoints, variables: { after } });
  const [url, setUrl] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [secret, setSecret] = useState<string | null>(null);
  const [, create] = useMutation(CreateEndpoint);
  const [, sendTest] = useMutation(SendTest);
  const [action, setAction] = useState<Outcome | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  return (
    <>
      <h1>Webhook endpoints</h1>
      <Section title="Create an endpoint">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setSecret(null);
            const r = await create({ input: { url, eventTypes: picked } });
            const o = outcomeOf(r.data?.createWebhookEndpoint, 'CreateWebhookEndpointPayload', r.error);
            setOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createWebhookEndpoint.__typename === 'CreateWebhookEndpointPayload') {
              setSecret(r.data.createWebhookEndpoint.secret);
              setUrl('');
              setPicked([]);
            }
          }}
        >
          <Field
            label="URL"
            name="url"
            type="url"
            value={url}
            onChange={setUrl}
            required
            error={outcome.fields.url}
            placeholder="https://hooks.example.com/authgraph"
          />
          <fieldset aria-describedby={outcome.fields.eventTypes ? 'event-types-error' : undefined}>
            <legend>Event types</legend>
            <div className="picker">
              {(data?.webhookEventTypes ?? []).map((t) => (
                <label key={t} className="check">
                  <input
                    type="checkbox"
                    checked={picked.includes(t)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, t] : p.filter((x) => x !== t)))}
                  />{' '}
                  {t}
                </label>
              ))}
            </div>
            {outcome.fields.eventTypes ? (
              <p className="field-error" id="event-types-error" role="alert">
                {outcome.fields.eventTypes}
              </p>
            ) : null}
          </fieldset>
          <ErrorBanner outcome={outcome} />
          <button className="primary" type="submit">
            Create endpoint
          </button>
        </form>
        {secret ? <SecretOnce label="Signing secret" value={secret} /> : null}
      </Section>
      <Section title="Endpoints">
        <ErrorBanner outcome={action} />
        {done ? <Status>{done}</Status> : null}
        <ConnectionList
          label="Webhook endpoints"
          connection={data?.webhookEndpoints}
          fetching={fetching}
          onMore={setAfter}
          empty="No endpoints."
          columns={[
            { header: 'URL', cell: (n) => <code>{n.url}</code> },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
            { header: 'Types', cell: (n) => n.eventTypes.join(', ') },
            {
              header: 'Deliveries',
              cell: (n) => (
                <DeliveriesToggle
                  endpointId={n.id}
                  total={n.deliveries.totalCount}
                  onOutcome={(o, done) => {
                    setAction(o);
                    if (done) setDone(done);
                  }}
                />
              ),
            },
            {
              header: 'Actions',
              cell: (n) => (
                <button
                  type="button"
                  onClick={async () => {
                    const r = await sendTest({ input: { endpointId: n.id } });
                    const o = outcomeOf(r.data?.sendTestEvent, 'SendTestEventPayload', r.error);
                    setAction(o);
                    if (!o) {
                      setDone('Test event sent.');
                      refetch({ requestPolicy: 'network-only' });
                    }
                  }}
                >
                  Send test event
                </button>
              ),
            },
          ]}
        />
      </Section>
    </>
  );
}
