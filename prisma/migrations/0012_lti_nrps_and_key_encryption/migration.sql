-- Issue 19 follow-up: Names and Role Provisioning Services 2.0 (roster sync). The launch's NRPS
-- claim (context_memberships_url, service_versions) is kept on the LTI context; rosterSyncedAt is
-- the last sync's time.
ALTER TABLE "LtiContext" ADD COLUMN "membershipsUrl" TEXT;
ALTER TABLE "LtiContext" ADD COLUMN "nrpsServiceVersions" TEXT;
ALTER TABLE "LtiContext" ADD COLUMN "rosterSyncedAt" DATETIME;

-- The tool's private keys are encrypted at rest from now on (LtiKey.privateJwk holds a compact JWE,
-- dir + A256GCM, docs/decisions/015): no column changes; plaintext rows are read as before and
-- rewritten encrypted when the server starts or the key is rotated (lib/lti/key-encryption.ts).
