-- AlterTable
ALTER TABLE "AuthorizationCode" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "blockedAt" TIMESTAMPTZ(3),
ADD COLUMN     "metadataDocumentExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "metadataDocumentUrl" TEXT,
ADD COLUMN     "registrationType" TEXT NOT NULL DEFAULT 'registered',
ADD COLUMN     "thirdParty" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Issuer" ADD COLUMN     "clientMetadataDocumentDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "dynamicRegistrationEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accessTokenTtlSeconds" INTEGER,
    "dpopRequired" BOOLEAN NOT NULL DEFAULT false,
    "isMcpServer" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "resources" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Resource_issuerId_id_idx" ON "Resource"("issuerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_issuerId_identifier_key" ON "Resource"("issuerId", "identifier");

-- CreateIndex
CREATE INDEX "Grant_userId_id_idx" ON "Grant"("userId", "id");

-- CreateIndex
CREATE INDEX "Grant_clientId_idx" ON "Grant"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_userId_clientId_key" ON "Grant"("userId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Client_issuerId_metadataDocumentUrl_key" ON "Client"("issuerId", "metadataDocumentUrl");

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_issuerId_fkey" FOREIGN KEY ("issuerId") REFERENCES "Issuer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
