-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "actorOnBehalfOf" TEXT;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "clientId" TEXT NOT NULL,
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authTime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "cookieHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Session_cookieHash_key" ON "Session"("cookieHash");

-- CreateIndex
CREATE INDEX "Session_organizationId_id_idx" ON "Session"("organizationId", "id");
