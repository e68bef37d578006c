import { reportFile, reportRows } from '../../domain/review-report.js';
import type { Job } from '../../ports/job-queue.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';
import { refuseReader } from './show-reviews.js';

type ReportJob = Extract<Job, { kind: 'accessReviewReport' }>;

export type ReviewReportOutcome =
  | { kind: 'reviews_refused' }
  | { kind: 'review_unknown'; campaignId: string }
  | { kind: 'review_report_sent'; campaignId: string; rows: number; format: 'csv' | 'jsonl' };

/**
 * `/bucket-key review report <campaign-id> [--format csv|jsonl]`, for approvers and auditors: one row
 * per key (holder, decision, decider, time, reason), uploaded to the asker's DM as `audit export`
 * does. The report is on the chain before it leaves; a report the log could not record is not sent.
 */
export async function reportReview(deps: ServiceDependencies, job: ReportJob): Promise<ReviewReportOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseReader(deps, job.userId, `review report ${job.campaignId}`);
    return { kind: 'reviews_refused' };
  }
  const campaign = await deps.campaigns.get(job.campaignId);
  if (!campaign) return { kind: 'review_unknown', campaignId: job.campaignId };
  const rows = reportRows(campaign).length;
  const what = `access review report ${campaign.campaignId} as ${job.format}: ${rows} key(s)`;
  const event = { actorId: job.userId, bucket: campaign.bucket, region: campaign.region };
  await deps.audit.append({ type: 'audit_export_started', outcome: 'ok', ...event, detail: what });
  await deps.messenger.uploadFile(job.userId, {
    filename: `bucket-key-review-${campaign.campaignId}.${job.format}`,
    title: `Access review ${campaign.campaignId} (${campaign.bucket})`,
    content: reportFile(campaign, job.format),
  });
  await record(deps, { type: 'audit_exported', outcome: 'ok', ...event, detail: what });
  return { kind: 'review_report_sent', campaignId: campaign.campaignId, rows, format: job.format };
}
