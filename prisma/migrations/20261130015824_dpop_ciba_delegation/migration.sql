-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "jkt" TEXT;

-- AlterTable
ALTER TABLE "Resource" ADD COLUMN     "singleUseApprovalTokens" BOOLEAN NOT NULL DEFAULT false;

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
    "resources" TEXT[] DEFAULT ARRAY[]::TEXT[],
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

-- CreateIndex
CREATE INDEX "BackchannelRequest_delegationId_idx" ON "BackchannelRequest"("delegationId");

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_issuerId_fkey" FOREIGN KEY ("issuerId") REFERENCES "Issuer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackchannelRequest" ADD CONSTRAINT "BackchannelRequest_issuerId_fkey" FOREIGN KEY ("issuerId") REFERENCES "Issuer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackchannelRequest" ADD CONSTRAINT "BackchannelRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackchannelRequest" ADD CONSTRAINT "BackchannelRequest_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
