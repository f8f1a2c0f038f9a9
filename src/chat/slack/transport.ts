// Delivers outbox rows to Slack with chat.postMessage: the team channel, or a
// member's DM (posting to a user id opens the app's DM with them). The client
// does not retry by itself and reports 429s, so the outbox sender decides.
import { WebClient, ErrorCode } from '@slack/web-api';
import type { Core } from '../../services/core.ts';
import { identityOf } from '../../services/members.ts';
import { PermanentFailure, RateLimited, type Transport } from '../../infra/outbox-sender.ts';
import { fallbackText, messageBlocks } from './render.ts';

const PERMANENT = new Set(['channel_not_found', 'user_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'account_inactive', 'token_revoked', 'no_permission', 'msg_too_long', 'invalid_blocks', 'cannot_dm_bot', 'user_disabled']);

export function createSlackTransport(core: Core, o: { botToken: string; apiUrl?: string; timeoutMs?: number }): Transport {
  const client = new WebClient(o.botToken, {
    slackApiUrl: o.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs ?? 10_000,
  });
  const slackIds = new Map<number, string>();

  async function channelOf(target: string): Promise<string> {
    if (target === 'channel') {
      if (!core.team.broadcastChannel) throw new PermanentFailure('no team channel configured (TEAM_CHANNEL)');
      return core.team.broadcastChannel;
    }
    const m = /^member:(\d+)$/.exec(target);
    if (!m) throw new PermanentFailure(`unknown target ${target}`);
    const id = Number(m[1]);
    let slackId = slackIds.get(id);
    if (!slackId) {
      slackId = (await identityOf(core, id, 'slack')) ?? undefined;
      if (!slackId) throw new PermanentFailure(`member ${id} has no Slack identity`);
      slackIds.set(id, slackId);
    }
    return slackId;
  }

  /** The conversation a target's messages land in (a DM's D… id for a member). */
  async function conversationOf(target: string): Promise<string> {
    const channel = await channelOf(target);
    if (!channel.startsWith('U') && !channel.startsWith('W')) return channel;
    const res = await client.conversations.open({ users: channel });
    return res.channel?.id ?? channel;
  }

  return {
    channelKey: (target) => target,
    // After a crash between chat.postMessage and marking the row sent, look for the message
    // itself (it carries the row's dedupe key in its metadata) before sending it again.
    async wasDelivered(row) {
      const channel = await conversationOf(row.target);
      const res = await client.conversations.history({ channel, include_all_metadata: true, limit: 200 });
      const hit = (res.messages ?? []).find((m) => (m as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key === row.dedupeKey);
      return hit ? { externalId: hit.ts } : null;
    },
    async prepare(rows) {
      const need = [...new Set(rows.map((r) => /^member:(\d+)$/.exec(r.target)?.[1]).filter((x): x is string => !!x).map(Number))].filter((id) => !slackIds.has(id));
      if (need.length === 0) return;
      const ids = await core.db.identity.findMany({ where: { memberId: { in: need }, platform: 'slack' } });
      for (const i of ids) slackIds.set(i.memberId, i.externalId);
    },
    async deliver(row, message) {
      const channel = await channelOf(row.target);
      try {
        const res = await client.chat.postMessage({
          channel,
          text: fallbackText(message.text),
          blocks: messageBlocks(message) as never,
          unfurl_links: false,
          metadata: { event_type: 'cm_outbox', event_payload: { key: row.dedupeKey } },
        });
        return { externalId: res.ts };
      } catch (e) {
        const err = e as { code?: string; retryAfter?: number; data?: { error?: string } };
        if (err.code === ErrorCode.RateLimitedError) throw new RateLimited(Math.max(1, err.retryAfter ?? 1) * 1000);
        if (err.code === ErrorCode.PlatformError && PERMANENT.has(err.data?.error ?? '')) throw new PermanentFailure(err.data?.error ?? 'platform error');
        throw e;
      }
    },
  };
}
