-- LTI 1.3 (issue 19): platforms, tool keys, login states, identities, resource links, the AGS score outbox.
-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "authUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LtiDeployment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiDeployment_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LtiKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "LtiLoginState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stateHash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "targetLinkUri" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LtiUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LtiContext" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LtiResourceLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "contextRowId" TEXT,
    "courseId" TEXT,
    "exerciseId" TEXT NOT NULL,
    "lineItemUrl" TEXT,
    "lineItemsUrl" TEXT,
    "canPostScores" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LtiGradeTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LtiScoreOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "scoreGiven" REAL NOT NULL,
    "scoreMaximum" REAL NOT NULL,
    "completed" BOOLEAN NOT NULL,
    "scoredAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LtiDeepLinkRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "returnUrl" TEXT NOT NULL,
    "data" TEXT,
    "tokenHash" TEXT,
    "contextRowId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LtiHandoff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "redirectTo" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiDeployment_platformId_deploymentId_key" ON "LtiDeployment"("platformId", "deploymentId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLoginState_stateHash_key" ON "LtiLoginState"("stateHash");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLoginState_nonce_key" ON "LtiLoginState"("nonce");

-- CreateIndex
CREATE INDEX "LtiLoginState_expiresAt_idx" ON "LtiLoginState"("expiresAt");

-- CreateIndex
CREATE INDEX "LtiUser_userId_idx" ON "LtiUser"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiUser_platformId_sub_key" ON "LtiUser"("platformId", "sub");

-- CreateIndex
CREATE INDEX "LtiContext_courseId_idx" ON "LtiContext"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiContext_platformId_deploymentId_contextId_key" ON "LtiContext"("platformId", "deploymentId", "contextId");

-- CreateIndex
CREATE INDEX "LtiResourceLink_exerciseId_idx" ON "LtiResourceLink"("exerciseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiResourceLink_platformId_deploymentId_resourceLinkId_key" ON "LtiResourceLink"("platformId", "deploymentId", "resourceLinkId");

-- CreateIndex
CREATE INDEX "LtiGradeTarget_userId_exerciseId_idx" ON "LtiGradeTarget"("userId", "exerciseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiGradeTarget_userId_resourceLinkId_key" ON "LtiGradeTarget"("userId", "resourceLinkId");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_status_nextAttemptAt_idx" ON "LtiScoreOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_resourceLinkId_idx" ON "LtiScoreOutbox"("resourceLinkId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiScoreOutbox_userId_resourceLinkId_key" ON "LtiScoreOutbox"("userId", "resourceLinkId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiHandoff_tokenHash_key" ON "LtiHandoff"("tokenHash");

