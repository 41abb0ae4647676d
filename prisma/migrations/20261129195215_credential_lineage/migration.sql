-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "AgentVerifier" ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "PersonalToken" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "ipAllowlist" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rateLimit" INTEGER,
ADD COLUMN     "rateLimitWindowSeconds" INTEGER;

-- CreateIndex
CREATE INDEX "AgentVerifier_createdById_idx" ON "AgentVerifier"("createdById");

-- CreateIndex
CREATE INDEX "ApiKey_createdById_idx" ON "ApiKey"("createdById");

-- CreateIndex
CREATE INDEX "PersonalToken_createdById_idx" ON "PersonalToken"("createdById");
