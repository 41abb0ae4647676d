-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "jkt" TEXT;

-- CreateTable
CREATE TABLE "Delegation" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "parentId" TEXT,
    "organizationId" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "authorizationDetails" JSONB NOT NULL DEFAULT '[]',
    "status" "CredentialStatus" NOT NULL DEFAULT 'active',
    "source" TEXT NOT NULL DEFAULT 'mutation',
    "createdById" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackchannelRequest" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "authorizationDetails" JSONB NOT NULL DEFAULT '[]',
    "bindingMessage" TEXT,
    "deliveryMode" TEXT NOT NULL,
    "notificationEndpoint" TEXT,
    "notificationTokenEnc" TEXT,
    "authReqIdHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "interval" INTEGER NOT NULL DEFAULT 5,
    "lastPolledAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "delegationId" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackchannelRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_accountId_id_idx" ON "Delegation"("accountId", "id");

-- CreateIndex
CREATE INDEX "Delegation_issuerId_id_idx" ON "Delegation"("issuerId", "id");

-- CreateIndex
CREATE INDEX "Delegation_userId_agentId_idx" ON "Delegation"("userId", "agentId");

-- CreateIndex
CREATE INDEX "Delegation_parentId_idx" ON "Delegation"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "BackchannelRequest_authReqIdHash_key" ON "BackchannelRequest"("authReqIdHash");

-- CreateIndex
CREATE INDEX "BackchannelRequest_issuerId_id_idx" ON "BackchannelRequest"("issuerId", "id");

-- CreateIndex
CREATE INDEX "BackchannelRequest_userId_idx" ON "BackchannelRequest"("userId");
