/**
 * Shared pieces: routing (history API under /console/), form fields that show the typed error
 * naming them, mutation outcomes, Relay connection lists with incremental loading, the
 * show-once secret box and confirmation dialogs. Everything is reachable by keyboard and labelled.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

// ---------- routing ----------

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(path: string) {
  history.pushState(null, '', path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => location.pathname,
  );
}

export function Link({ to, children, className, current }: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

// ---------- mutation outcomes ----------

export interface ErrorShape {
  __typename?: string;
  code?: string;
  message?: string;
  field?: string | null;
  fields?: { path: string; message: string }[];
}

export interface Outcome {
  /** error messages by input field (the first segment of the path) */
  fields: Record<string, string>;
  /** an error that names no field */
  message: string | null;
}

export const NO_ERRORS: Outcome = { fields: {}, message: null };

/**
 * What a mutation answered: null when its payload is `payload`, else the typed errors mapped to
 * the fields they name (ValidationError paths, ForbiddenError/ConflictError `field`), or the
 * transport/GraphQL error (e.g. a read-only operator's FORBIDDEN) as a general message.
 */
export function outcomeOf(result: ErrorShape | null | undefined, payload: string, error?: CombinedError): Outcome | null {
  if (error) return { fields: {}, message: error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message };
  if (!result) return { fields: {}, message: 'No answer.' };
  if (result.__typename === payload) return null;
  const fields: Record<string, string> = {};
  for (const f of result.fields ?? []) {
    const key = f.path.split('.')[0] || '';
    if (key) fields[key] ??= f.message;
  }
  if (result.field) fields[result.field.split('.')[0]!] ??= result.message ?? 'Refused.';
  const named = Object.keys(fields).length > 0;
  return { fields, message: named ? null : (result.message ?? 'Refused.') };
}

// ---------- form pieces ----------

export function Field(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  type?: string;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  placeholder?: string;
}) {
  const id = useId();
  const described = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autoComplete={props.autoComplete ?? 'off'}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBanner({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  const named = Object.entries(outcome.fields);
  if (!outcome.message && !named.length) return null;
  return (
    <div className="banner error" role="alert">
      {outcome.message ?? `Please correct: ${named.map(([f]) => f).join(', ')}.`}
    </div>
  );
}

export function Status({ children }: { children: ReactNode }) {
  return (
    <p className="status" role="status">
      {children}
    </p>
  );
}

/** A secret shown exactly once, with a copy button and a warning. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <section className="secret" aria-labelledby={id}>
      <h3 id={id}>{label}</h3>
      <p className="warning">
        <strong>Copy it now.</strong> It is shown only this once: only a hash is stored, and it cannot be read again.
      </p>
      <code data-testid="secret-value">{value}</code>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <span className="sr-only" aria-live="polite">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </section>
  );
}

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). */
export function Confirm(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby={id} onCancel={props.onCancel}>
      <h2 id={id}>{props.title}</h2>
      {props.children}
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

// ---------- connections ----------

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount?: number;
}

/**
 * A Relay connection as a list: its loaded edges and a "Load more" button that asks for the next
 * page (`after` = the end cursor); Graphcache merges the pages.
 */
export function ConnectionList<N extends { id: string }>(props: {
  label: string;
  connection: Connection<N> | undefined;
  fetching: boolean;
  onMore: (after: string) => void;
  columns: { header: string; cell: (n: N) => ReactNode }[];
  empty: string;
}) {
  const c = props.connection;
  if (!c) return props.fetching ? <Status>Loading…</Status> : null;
  return (
    <div>
      {c.edges.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <table>
          <caption className="sr-only">{props.label}</caption>
          <thead>
            <tr>
              {props.columns.map((col) => (
                <th key={col.header} scope="col">
                  {col.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.edges.map((e) => (
              <tr key={e.node.id}>
                {props.columns.map((col) => (
                  <td key={col.header}>{col.cell(e.node)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="count">
        {c.edges.length}
        {c.totalCount !== undefined ? ` of ${c.totalCount}` : ''} shown
      </p>
      {c.pageInfo.hasNextPage ? (
        <button type="button" disabled={props.fetching} onClick={() => c.pageInfo.endCursor && props.onMore(c.pageInfo.endCursor)}>
          Load more
        </button>
      ) : null}
    </div>
  );
}

/** The words of a scope list as typed into a field: split on spaces and commas, empties dropped. */
export const words = (s: string): string[] => s.split(/[\s,]+/).filter(Boolean);

export function when(date: string | null | undefined): string {
  return date ? new Date(date).toLocaleString() : '—';
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const hid = useId();
  return (
    <section aria-labelledby={id ?? hid} className="card">
      <h2 id={id ?? hid}>{title}</h2>
      {children}
    </section>
  );
}
