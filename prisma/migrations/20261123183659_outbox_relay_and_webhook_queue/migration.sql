-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "txid" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "lastStatusCode" INTEGER,
ADD COLUMN     "lockedUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "failingSince" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "RelayCursor" (
    "name" TEXT NOT NULL,
    "txid" BIGINT NOT NULL,
    "seq" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RelayCursor_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Event_txid_seq_idx" ON "Event"("txid", "seq");

-- Wake the outbox relay when events commit (delivered at commit, to every listening node).
CREATE FUNCTION "authgraph_notify_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('authgraph_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "Event_notify" AFTER INSERT ON "Event" FOR EACH STATEMENT EXECUTE FUNCTION "authgraph_notify_events"();
