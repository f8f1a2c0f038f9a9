-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "broadcastChannel" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'manager',
    "locale" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyTarget" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DayLog" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "workDone" TEXT NOT NULL,
    "results" TEXT NOT NULL DEFAULT '',
    "problems" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DayLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Summary" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "plan" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Summary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "ruleId" TEXT NOT NULL,
    "variant" TEXT,
    "kind" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "multiplier" TEXT,
    "escalation" TEXT,
    "day" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "note" TEXT,
    "recordedBy" INTEGER,
    "reversesId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "teamId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'done',
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "blocks" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,
    "sentAt" TIMESTAMP(3),
    "externalId" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedRequest" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedRequest_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LeaveRequest" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'personal',
    "startDay" TEXT NOT NULL,
    "endDay" TEXT NOT NULL,
    "startTime" TEXT,
    "endTime" TEXT,
    "halfDay" TEXT,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" INTEGER,
    "decisionReason" TEXT,

    CONSTRAINT "LeaveRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "sessionKey" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingSession" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdBy" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "product" TEXT NOT NULL,
    "customerName" TEXT,
    "customerId" INTEGER,
    "day" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "requestKey" TEXT,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "phone" TEXT,
    "tier" TEXT NOT NULL DEFAULT 'C',
    "branch" TEXT NOT NULL DEFAULT '',
    "needs" TEXT NOT NULL DEFAULT '',
    "suggestions" TEXT NOT NULL DEFAULT '',
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerChange" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "changedBy" INTEGER NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "changes" TEXT NOT NULL,

    CONSTRAINT "CustomerChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingRegistration" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3),

    CONSTRAINT "PendingRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "customerId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "notes" TEXT NOT NULL,
    "needs" TEXT NOT NULL DEFAULT '',
    "suggestions" TEXT NOT NULL DEFAULT '',
    "checklist" TEXT,
    "requestKey" TEXT,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "outlet" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "reassignedBy" INTEGER,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectApplication" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "customerName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "amountFen" BIGINT,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "submittedDay" TEXT NOT NULL,
    "dueDay" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "answeredAt" TIMESTAMP(3),
    "answeredBy" INTEGER,
    "answer" TEXT,

    CONSTRAINT "ProjectApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyTarget" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,

    CONSTRAINT "MonthlyTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerBalance" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "customerId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "balanceFen" BIGINT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerBalance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarOverride" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdBy" INTEGER,

    CONSTRAINT "CalendarOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaEntry" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuotaEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Member_teamId_role_idx" ON "Member"("teamId", "role");

-- CreateIndex
CREATE INDEX "Identity_memberId_idx" ON "Identity"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_platform_externalId_key" ON "Identity"("platform", "externalId");

-- CreateIndex
CREATE INDEX "DailyTarget_teamId_day_idx" ON "DailyTarget"("teamId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "DailyTarget_memberId_day_key" ON "DailyTarget"("memberId", "day");

-- CreateIndex
CREATE INDEX "DayLog_teamId_day_idx" ON "DayLog"("teamId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "DayLog_memberId_day_key" ON "DayLog"("memberId", "day");

-- CreateIndex
CREATE INDEX "Summary_teamId_kind_period_idx" ON "Summary"("teamId", "kind", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Summary_memberId_kind_period_key" ON "Summary"("memberId", "kind", "period");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesId_key" ON "LedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_teamId_memberId_day_idx" ON "LedgerEntry"("teamId", "memberId", "day");

-- CreateIndex
CREATE INDEX "LedgerEntry_teamId_ruleId_idx" ON "LedgerEntry"("teamId", "ruleId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_teamId_sourceKey_key" ON "LedgerEntry"("teamId", "sourceKey");

-- CreateIndex
CREATE INDEX "JobRun_job_createdAt_idx" ON "JobRun"("job", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_teamId_period_key" ON "JobRun"("job", "teamId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LeaveRequest_teamId_status_idx" ON "LeaveRequest"("teamId", "status");

-- CreateIndex
CREATE INDEX "LeaveRequest_memberId_startDay_idx" ON "LeaveRequest"("memberId", "startDay");

-- CreateIndex
CREATE INDEX "CheckIn_teamId_sessionKey_idx" ON "CheckIn"("teamId", "sessionKey");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_memberId_sessionKey_key" ON "CheckIn"("memberId", "sessionKey");

-- CreateIndex
CREATE INDEX "TrainingSession_teamId_day_idx" ON "TrainingSession"("teamId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "Deal_requestKey_key" ON "Deal"("requestKey");

-- CreateIndex
CREATE INDEX "Deal_teamId_day_idx" ON "Deal"("teamId", "day");

-- CreateIndex
CREATE INDEX "Deal_memberId_day_idx" ON "Deal"("memberId", "day");

-- CreateIndex
CREATE INDEX "Customer_ownerId_idx" ON "Customer"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_teamId_nameKey_key" ON "Customer"("teamId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_teamId_phone_key" ON "Customer"("teamId", "phone");

-- CreateIndex
CREATE INDEX "CustomerChange_customerId_idx" ON "CustomerChange"("customerId");

-- CreateIndex
CREATE INDEX "PendingRegistration_teamId_registeredAt_idx" ON "PendingRegistration"("teamId", "registeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "PendingRegistration_teamId_memberId_nameKey_key" ON "PendingRegistration"("teamId", "memberId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Visit_requestKey_key" ON "Visit"("requestKey");

-- CreateIndex
CREATE INDEX "Visit_customerId_visitedAt_idx" ON "Visit"("customerId", "visitedAt");

-- CreateIndex
CREATE INDEX "Visit_memberId_day_idx" ON "Visit"("memberId", "day");

-- CreateIndex
CREATE INDEX "Booking_memberId_idx" ON "Booking"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_teamId_outlet_day_slot_key" ON "Booking"("teamId", "outlet", "day", "slot");

-- CreateIndex
CREATE INDEX "ProjectApplication_teamId_status_idx" ON "ProjectApplication"("teamId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyTarget_memberId_month_key" ON "MonthlyTarget"("memberId", "month");

-- CreateIndex
CREATE INDEX "CustomerBalance_teamId_month_idx" ON "CustomerBalance"("teamId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerBalance_customerId_month_key" ON "CustomerBalance"("customerId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarOverride_teamId_day_key" ON "CalendarOverride"("teamId", "day");

-- CreateIndex
CREATE INDEX "QuotaEntry_memberId_metric_day_idx" ON "QuotaEntry"("memberId", "metric", "day");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

