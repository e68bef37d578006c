import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';
import { sendSigned, slashCommandBody } from '../../src/sandbox/slack/signed-request.js';
import { dmChannelOf } from '../../src/sandbox/slack/slack-workspace.js';
import {
  APPROVER,
  APPROVER2,
  AUDITOR,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';

const DEPARTED = 'UDEPARTED1';
const GUEST = 'UGUEST0001';
const POLICY = `restrictToListedBuckets: true
buckets:
  media-assets:
    approvers: [S0MEDIA, ${APPROVER}]
    keyMaxAge: 30d
    reasonMinLength: 10
    breakGlass: { allowed: [${REQUESTER}], maxPerDay: 1, keyMaxAge: 4h }
    reminders: { after: 1h, times: 2, escalateTo: [${AUDITOR}] }
  nightly-backups: {}
`;

describe('/bucket-key policy and policy explain, against the policy in SSM', () => {
  const ssm = new SsmStandIn();
  let h: Harness;
  beforeAll(async () => {
    await ssm.start();
    const operator = new SSMClient({
      region: 'us-east-1',
      endpoint: ssm.url,
      credentials: { accessKeyId: 'alice', secretAccessKey: 'x' },
    });
    await operator.send(new PutParameterCommand({ Name: '/p', Value: POLICY, Type: 'String' }));
    operator.destroy();
    h = await startHarness({
      SSM_ENDPOINT: ssm.url,
      BUCKET_KEY_POLICY_PARAM: '/p',
      POLICY_CACHE_SECONDS: '0',
    });
    // A group with a member who has since left, and a guest: what users.info and usergroups say.
    const ws = h.slack.workspace;
    ws.users[DEPARTED] = { name: 'dana', realName: 'Dana Departed', deleted: true };
    ws.users[GUEST] = { name: 'gus', realName: 'Gus Guest', guest: 'multi-channel' };
    ws.groups.S0MEDIA = [APPROVER2, DEPARTED];
  });
  afterAll(async () => {
    await h.stop();
    await ssm.stop();
  });

  async function ask(userId: string, text: string): Promise<string> {
    await h.command(userId, text);
    await h.settle();
    return textOf(h.lastAnswerTo(userId));
  }

  it('explains a bucket to anyone: its rules, its groups expanded with departed members marked, and their own standing', async () => {
    const answer = await ask(REQUESTER, 'policy explain media-assets');

    expect(answer).toContain('*Who approves:* <!subteam^S0MEDIA>, <@UAPPROVER1>');
    expect(answer).toContain(`<!subteam^S0MEDIA>: <@${APPROVER2}>, ~<@${DEPARTED}>~ (departed)`);
    expect(answer).toContain('*Reason:* required, at least 10 characters');
    expect(answer).toContain('*Key maximum age:* 30 days');
    expect(answer).toContain(
      '*Break-glass:* <@UREQUESTER>, at most 1 time a day each; the key lives 4 hours',
    );
    expect(answer).toContain('then <@UAUDITOR01> may decide too');
    expect(answer).toContain(`<@${REQUESTER}> on \`media-assets\``);
    expect(answer).toContain('*May request:* yes: anyone in the workspace may request media-assets');
    expect(answer).toContain('*May break the glass:* yes: named in breakGlass.allowed of media-assets');
    expect(answer).toContain('*May approve:* no: neither named in the rule nor in a group it names');
  });

  it('says why a group member may approve: member of the group that approves the bucket', async () => {
    const answer = await ask(AUDITOR, `policy explain media-assets <@${APPROVER2}|sam>`);

    expect(answer).toContain(
      '*May approve:* yes: member of <!subteam^S0MEDIA>, which approves media-assets; never on their own',
    );
    expect(answer).toContain('*May review break-glass:* yes: member of <!subteam^S0MEDIA>');
  });

  it('says a named approver may approve, and an escalation target only after the last reminder', async () => {
    expect(await ask(AUDITOR, `policy explain media-assets <@${APPROVER}>`)).toContain(
      '*May approve:* yes: named among the approvers of media-assets',
    );
    expect(await ask(AUDITOR, 'policy explain media-assets')).toContain(
      '*May approve:* yes: through <@UAUDITOR01> in reminders.escalateTo: may decide once the last reminder has gone unanswered',
    );
  });

  it('marks a departed approver as unable to act, and a guest by what Slack says of them', async () => {
    const departed = await ask(AUDITOR, `policy explain media-assets <@${DEPARTED}>`);
    expect(departed).toContain('*May approve:* no: Slack says this account is deactivated');
    expect(departed).toContain('*May request:* no: Slack says this account is deactivated');

    const guest = await ask(AUDITOR, `policy explain media-assets <@${GUEST}>`);
    expect(guest).toContain(
      '*May request:* yes: anyone in the workspace may request media-assets; a multi-channel guest',
    );
    expect(guest).toContain('*May approve:* no');
  });

  it('lets only approvers and auditors ask about someone else, and records the refusal', async () => {
    const answer = await ask(REQUESTER, `policy explain media-assets <@${APPROVER2}>`);

    expect(answer).toContain('Only approvers and auditors may ask what someone else may do');
    expect(answer).not.toContain('May approve');
    const refused = await h.bot.deps.audit.query({
      subject: { kind: 'actor', userId: REQUESTER },
      pageSize: 10,
    });
    expect(refused.events[0]).toMatchObject({
      type: 'refused_not_auditor',
      outcome: 'refused',
      subjectUserId: APPROVER2,
      bucket: 'media-assets',
    });
  });

  it('shows the version in force to approvers and auditors only', async () => {
    const shown = await ask(APPROVER, 'policy');
    expect(shown).toContain('Policy version 1');
    expect(shown).toContain('arn:aws:iam::123456789012:user/alice');
    expect(shown).toContain('2 buckets listed; only those may be requested');

    expect(await ask(REQUESTER, 'policy')).toContain(
      'Only approvers and auditors may see which policy is in force',
    );
  });

  it('explains a bucket the policy does not list: no requests, and who may still revoke keys left on it', async () => {
    const answer = await ask(REQUESTER, 'policy explain legacy-archive');
    expect(answer).toContain('not listed: the defaults apply');
    expect(answer).toContain('only the buckets the policy lists may be requested');
    expect(answer).toContain('*May request:* no: the policy does not allow requests for legacy-archive');
  });

  it('answers a malformed explain with its usage, and changes nothing', async () => {
    const answer = await sendSigned(
      `${h.bot.url}/slack/events`,
      SIGNING_SECRET,
      slashCommandBody({
        text: 'policy explain media-assets sam',
        userId: REQUESTER,
        channelId: dmChannelOf(REQUESTER),
        responseUrl: h.slack.newResponseUrl(REQUESTER, dmChannelOf(REQUESTER)),
      }),
    );
    expect(JSON.stringify(answer.json)).toContain('is not a @mention');
  });
});
