-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "createdById" TEXT;

-- CreateIndex
CREATE INDEX "Invitation_createdById_idx" ON "Invitation"("createdById");
