-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "idTokenSignedResponseAlg" TEXT;
