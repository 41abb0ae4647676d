/**
 * A PostgreSQL adapter for the oidc-provider baseline (its adapter interface: upsert, find,
 * findByUid, findByUserCode, consume, destroy, revokeByGrantId — oidc-provider's
 * example/adapters), so the refresh-rotation figure can also compare against an oidc-provider
 * whose tokens and grants survive a restart, as Authgraph's do. One table keyed by (model, id),
 * the payload as jsonb; every call is one autocommitted statement (durable, synchronous_commit on),
 * as a straightforward adapter would write it. Bench-only code.
 * @module
 */
import pg from 'pg';

/** What oidc-provider stores per model instance (its `AdapterPayload`, loosely). */
type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string };

/**
 * Creates the table in the database at `url` and answers oidc-provider's `adapter` option (a
 * class it instantiates per model name) and a `close` for the pool.
 */
export async function postgresAdapter(url: string): Promise<{ Adapter: new (name: string) => unknown; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS oidc_model (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      user_code text,
      uid text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    );
    CREATE INDEX IF NOT EXISTS oidc_model_grant_id ON oidc_model (grant_id);
    CREATE INDEX IF NOT EXISTS oidc_model_uid ON oidc_model (uid);
    CREATE INDEX IF NOT EXISTS oidc_model_user_code ON oidc_model (user_code);`);

  const row = (r: { payload: Payload; consumed_at: Date | null } | undefined) =>
    r ? { ...r.payload, ...(r.consumed_at ? { consumed: Math.floor(r.consumed_at.getTime() / 1000) } : {}) } : undefined;
  const live = 'AND (expires_at IS NULL OR expires_at > now())';

  class PostgresAdapter {
    constructor(private readonly model: string) {}
    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      await pool.query({
        name: 'oidc_upsert',
        text: `INSERT INTO oidc_model (model, id, payload, grant_id, user_code, uid, expires_at)
               VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
               ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
                 user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        values: [this.model, id, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
      });
    }
    async find(id: string) {
      const { rows } = await pool.query({
        name: 'oidc_find',
        text: `SELECT payload, consumed_at FROM oidc_model WHERE model = $1 AND id = $2 ${live}`,
        values: [this.model, id],
      });
      return row(rows[0]);
    }
    async findByUid(uid: string) {
      const { rows } = await pool.query(`SELECT payload, consumed_at FROM oidc_model WHERE model = $1 AND uid = $2 ${live}`, [
        this.model,
        uid,
      ]);
      return row(rows[0]);
    }
    async findByUserCode(userCode: string) {
      const { rows } = await pool.query(`SELECT payload, consumed_at FROM oidc_model WHERE model = $1 AND user_code = $2 ${live}`, [
        this.model,
        userCode,
      ]);
      return row(rows[0]);
    }
    async consume(id: string): Promise<void> {
      await pool.query({
        name: 'oidc_consume',
        text: 'UPDATE oidc_model SET consumed_at = now() WHERE model = $1 AND id = $2',
        values: [this.model, id],
      });
    }
    async destroy(id: string): Promise<void> {
      await pool.query('DELETE FROM oidc_model WHERE model = $1 AND id = $2', [this.model, id]);
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query('DELETE FROM oidc_model WHERE grant_id = $1', [grantId]);
    }
  }
  return { Adapter: PostgresAdapter, close: () => pool.end() };
}
