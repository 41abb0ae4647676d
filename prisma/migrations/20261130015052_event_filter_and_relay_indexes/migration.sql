-- DropIndex
DROP INDEX "Event_txid_seq_idx";

-- CreateIndex
CREATE INDEX "Event_organizationId_type_id_idx" ON "Event"("organizationId", "type", "id");

-- CreateIndex
CREATE INDEX "Event_metered_txid_seq_idx" ON "Event"("metered", "txid", "seq");

-- Metered per-request events (written in batches, never relayed) no longer wake the relay: only a
-- statement that inserted at least one relayed row notifies.
CREATE OR REPLACE FUNCTION "authgraph_notify_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE NOT inserted.metered) THEN
    PERFORM pg_notify('authgraph_events', '');
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER "Event_notify" ON "Event";
CREATE TRIGGER "Event_notify" AFTER INSERT ON "Event" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "authgraph_notify_events"();
