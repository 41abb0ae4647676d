-- AlterTable
ALTER TABLE "AgentVerifier" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "ipAllowlist" TEXT[] DEFAULT ARRAY[]::TEXT[];
