/**
 * The live event tail: the `events` subscription over graphql-ws, with type and organization
 * filters, pause and resume, and reconnection that resumes from the last event id (`after`), so
 * nothing is missed and nothing shown twice. Each event's JSON opens in place.
 */
import { useEffect, useRef, useState } from 'react';
import { stringifyDocument } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import { graphql } from '../gql';
import type { ConsoleEventTailSubscription } from '../gql/graphql';
import { Field, Section, when } from '../ui';

const Tail = graphql(`
  subscription ConsoleEventTail($after: ID, $filter: EventStreamFilter) {
    events(after: $after, filter: $filter) {
      id type subject time issuerId organizationId data
      actor { type id onBehalfOf }
    }
  }
`);

type TailEvent = ConsoleEventTailSubscription['events'];
const MAX = 500;

export function Events({ ws }: { ws: WsClient }) {
  const [types, setTypes] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [applied, setApplied] = useState<{ types: string[]; organizationId: string | null }>({ types: [], organizationId: null });
  const [paused, setPaused] = useState(false);
  const [events, setEvents] = useState<TailEvent[]>([]);
  const [state, setState] = useState<'connecting' | 'live' | 'paused' | 'reconnecting'>('connecting');
  const last = useRef<string | null>(null);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    if (paused) {
      setState('paused');
      return;
    }
    let stop: (() => void) | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const filter = {
      ...(applied.types.length ? { types: applied.types } : {}),
      ...(applied.organizationId ? { organizationId: applied.organizationId } : {}),
    };
    const start = (attempt: number) => {
      setState(attempt ? 'reconnecting' : 'connecting');
      stop = ws.subscribe<{ events: TailEvent }>(
        { query: stringifyDocument(Tail), variables: { after: last.current, filter } },
        {
          next: (result) => {
            setState('live');
            const event = result.data?.events;
            if (!event || seen.current.has(event.id)) return;
            seen.current.add(event.id);
            last.current = event.id;
            setEvents((list) => [event, ...list].slice(0, MAX));
          },
          error: () => {
            if (closed) return;
            // resume from the last id seen: the server replays what was committed meanwhile
            retry = setTimeout(() => start(attempt + 1), Math.min(500 * 2 ** attempt, 8000));
          },
          complete: () => {
            if (!closed) retry = setTimeout(() => start(attempt + 1), 500);
          },
        },
      );
      // graphql-ws reports "live" only with the first event; an open socket with none yet is live too
      setTimeout(() => !closed && setState((s) => (s === 'connecting' || s === 'reconnecting' ? 'live' : s)), 300);
    };
    start(0);
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      stop?.();
    };
  }, [ws, paused, applied]);

  return (
    <>
      <h1>Live events</h1>
      <Section title="Filters">
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            // a new filter starts a new tail from now
            last.current = null;
            seen.current = new Set();
            setEvents([]);
            setApplied({ types: types.split(/[\s,]+/).filter(Boolean), organizationId: organizationId.trim() || null });
          }}
        >
          <Field
            label="Event types"
            name="types"
            value={types}
            onChange={setTypes}
            hint="Exact types or prefixes such as organization.* (space separated)"
          />
          <Field label="Organization id" name="organizationId" value={organizationId} onChange={setOrganizationId} placeholder="org_…" />
          <button type="submit">Apply filters</button>
        </form>
        <div className="actions">
          <button type="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <span className={`badge ${state}`} role="status" aria-live="polite" data-testid="tail-state">
            {state}
          </span>
          <span className="hint">{last.current ? `last id ${last.current}` : 'no event yet'}</span>
        </div>
      </Section>
      <Section title="Events (newest first)">
        <ol className="events" aria-live="polite" aria-relevant="additions" data-testid="event-list">
          {events.map((e) => (
            <li key={e.id}>
              <details>
                <summary>
                  <span className="event-type">{e.type}</span> <span className="hint">{e.subject ?? ''}</span>{' '}
                  <time dateTime={e.time}>{when(e.time)}</time>
                </summary>
                <pre>{JSON.stringify(e, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
        {events.length === 0 ? <p className="empty">Waiting for events…</p> : null}
      </Section>
    </>
  );
}
