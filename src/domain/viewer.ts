/**
 * Who is calling, independent of protocol. Resolved once per request from the credential.
 * @module
 */
export interface AccountKeyViewer {
  kind: 'account_api_key';
  credentialId: string;
  accountId: string;
}

export type Viewer = AccountKeyViewer;

/** What an event records as the actor of a change. */
export interface Actor {
  type: 'api_key' | 'system';
  id: string | null;
}

export function actorOf(viewer: Viewer): Actor {
  return { type: 'api_key', id: viewer.credentialId };
}
