-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mfaFailedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totpPendingSecretEnc" TEXT;
