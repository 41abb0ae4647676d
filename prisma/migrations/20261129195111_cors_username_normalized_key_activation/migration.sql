-- Clients: the web origins allowed to call the token, revocation, introspection and userinfo
-- endpoints from a browser (CORS). Existing SPAs and public clients get the origins of their
-- http(s) redirect URIs, the default new ones get too.
ALTER TABLE "Client" ADD COLUMN     "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[];

UPDATE "Client" c SET "allowedOrigins" = COALESCE((
  SELECT array_agg(DISTINCT o ORDER BY o)
  FROM (SELECT lower(substring(u FROM '^(https?://[^/?#]+)')) AS o FROM unnest(c."redirectUris") AS u) origins
  WHERE o IS NOT NULL
), ARRAY[]::TEXT[])
WHERE c."applicationType" = 'spa' OR c."tokenEndpointAuthMethod" = 'none';

-- Signing keys: a rotation publishes the next key before it signs (activatesAt).
ALTER TABLE "SigningKey" ADD COLUMN     "activatesAt" TIMESTAMPTZ(3);

-- Users: the comparison form of the username (PRECIS UsernameCaseMapped, RFC 8265 §3.3), unique
-- per issuer; "username" keeps the display form. Existing usernames of type "username" are ASCII
-- (the old rule), so lower() is their exact mapping; email and phone usernames were stored
-- lowercased and get NFC. The same mapping in TypeScript: src/domain/usernames.ts.
ALTER TABLE "User" ADD COLUMN     "usernameNormalized" TEXT;

UPDATE "User" SET "usernameNormalized" = CASE WHEN "usernameType" = 'username' THEN lower("username") ELSE normalize("username", NFC) END;

-- Two users whose usernames differ only in case cannot both keep them: stop here and say which,
-- instead of failing on the unique index with no names.
DO $$
DECLARE
  report TEXT;
BEGIN
  SELECT string_agg(format('issuer %s: %s', "issuerId", users), '; ') INTO report
  FROM (
    SELECT "issuerId", string_agg(format('%L (%s)', "username", id), ', ' ORDER BY id) AS users
    FROM "User"
    GROUP BY "issuerId", "usernameNormalized"
    HAVING count(*) > 1
  ) collisions;
  IF report IS NOT NULL THEN
    RAISE EXCEPTION 'username collisions: these users have usernames that differ only in case or width, which are now the same username (RFC 8265 §3.3). Rename or delete all but one user of each group, then start again. %', report;
  END IF;
END $$;

ALTER TABLE "User" ALTER COLUMN "usernameNormalized" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_issuerId_usernameNormalized_key" ON "User"("issuerId", "usernameNormalized");
