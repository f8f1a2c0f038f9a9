// /target and /diary (DAY-1, MEET-5).
import type { CommandSpec, Ctx, FormHandler, FormSpec } from '../types.ts';
import type { Group } from './group.ts';
import { msg, tr } from '../../i18n.ts';
import { setTarget, writeDiary, parseDiaryText, dayStatus, describeStatus, history, formatTime, MAX_TEXT } from '../../services/daily.ts';
import { UserError } from '../../services/errors.ts';

const target: CommandSpec<{ text: string }> = {
  name: 'target',
  summary: msg('填写今日工作目标（开展工作前），同步到团队频道', "Post today's targets (before work) to the team channel"),
  usage: ['/target 拜访3户企业客户，新增存款50万'],
  parse(text) {
    const t = text.trim();
    if (!t) return { ok: false, error: msg('请写上今日目标。', "Write today's targets after the command.") };
    if (t.length > MAX_TEXT) return { ok: false, error: msg(`目标太长（${t.length} 字，上限 ${MAX_TEXT} 字）。`, `Too long (${t.length} characters, limit ${MAX_TEXT}).`) };
    return { ok: true, args: { text: t } };
  },
  async run(ctx, { text }) {
    const r = await setTarget(ctx.core, ctx.actor, text, ctx.now, ctx.requestKey);
    const tz = ctx.core.team.timezone;
    const l = ctx.actor.locale;
    let out = r.updated
      ? tr(l, `✅ 已更新今日目标（${r.day}），并已同步到团队频道。`, `✅ Today's targets (${r.day}) updated and posted to the team channel.`)
      : tr(l, `✅ 已记录今日目标（${r.day}），并已同步到团队频道。`, `✅ Today's targets (${r.day}) recorded and posted to the team channel.`);
    if (r.late) {
      out += tr(l, `\n⚠️ 已过 ${formatTime(r.dueAt, tz)} 的填写时间（DAY-1）。`, `\n⚠️ This is after the ${formatTime(r.dueAt, tz)} deadline (DAY-1).`);
    }
    return { text: out };
  },
};

export function diaryForm(ctx: Ctx, initial?: { workDone?: string; results?: string; problems?: string }): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'diary',
    title: tr(l, '客户经理日志', 'Day log'),
    submitLabel: tr(l, '保存', 'Save'),
    inlineHelp: tr(l, '/diary 工作：拜访3户 业绩：新增存款20万 问题：无', '/diary work: 3 visits results: ¥200k deposits problems: none'),
    fields: [
      { id: 'workDone', label: tr(l, '主要工作落实情况', 'Work done'), kind: 'multiline', initial: initial?.workDone, maxLength: MAX_TEXT },
      { id: 'results', label: tr(l, '业绩情况', 'Results'), kind: 'multiline', optional: true, initial: initial?.results, maxLength: MAX_TEXT },
      { id: 'problems', label: tr(l, '业务发展中存在的问题', 'Problems'), kind: 'multiline', optional: true, initial: initial?.problems, maxLength: MAX_TEXT },
    ],
  };
}

type DiaryArgs = { mode: 'status' } | { mode: 'history'; days: number } | { mode: 'write'; text: string };

const diary: CommandSpec<DiaryArgs> = {
  name: 'diary',
  summary: msg('填写/修改今日工作日志（当日截止前可改）；不带参数查看今日状态', "Write or edit today's day log (until the deadline); no arguments shows today"),
  usage: ['/diary 工作：拜访3户 业绩：新增存款20万 问题：无', '/diary', '/diary history [天数]'],
  parse(text) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'status' } };
    const h = /^(history|list|历史)(?:\s+(\S+))?$/i.exec(t);
    if (h) {
      const days = h[2] === undefined ? 14 : Number(h[2]);
      if (!Number.isInteger(days) || days < 1 || days > 92) return { ok: false, error: msg('天数应是 1–92 的整数，例如 /diary history 7', 'Days must be a whole number from 1 to 92, e.g. /diary history 7') };
      return { ok: true, args: { mode: 'history', days } };
    }
    if (t.length > MAX_TEXT * 3) return { ok: false, error: msg('日志太长了，请精简。', 'The log is too long.') };
    return { ok: true, args: { mode: 'write', text: t } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const tz = ctx.core.team.timezone;
    if (args.mode === 'write') {
      const r = await writeDiary(ctx.core, ctx.actor, parseDiaryText(args.text), ctx.now, ctx.requestKey);
      return { text: r.updated ? tr(l, `✅ 已更新 ${r.day} 的工作日志。`, `✅ Day log for ${r.day} updated.`) : tr(l, `✅ 已保存 ${r.day} 的工作日志。`, `✅ Day log for ${r.day} saved.`) };
    }
    if (args.mode === 'history') {
      const days = await history(ctx.core, ctx.actor.member.id, ctx.now, args.days);
      if (days.length === 0) return { text: tr(l, `最近 ${args.days} 天没有目标或日志记录。`, `No targets or logs in the last ${args.days} days.`) };
      const lines = days.map((d) =>
        [
          `【${d.day}】`,
          `  ${tr(l, '目标', 'Targets')}: ${d.target ?? tr(l, '（未填）', '(none)')}`,
          `  ${tr(l, '工作', 'Work')}: ${d.workDone ?? tr(l, '（未填）', '(none)')}`,
          d.results ? `  ${tr(l, '业绩', 'Results')}: ${d.results}` : '',
          d.problems ? `  ${tr(l, '问题', 'Problems')}: ${d.problems}` : '',
        ].filter(Boolean).join('\n'),
      );
      return { text: lines.join('\n') };
    }
    const status = await dayStatus(ctx.core, ctx.actor.member.id, ctx.now);
    const text = describeStatus(status, tz, l);
    if (ctx.platform === 'slack') {
      return { text, form: diaryForm(ctx, status.log ?? undefined) };
    }
    return { text: `${text}\n${tr(l, '写日志：', 'To write the log: ')}${diaryForm(ctx).inlineHelp}` };
  },
};

const diarySubmit: FormHandler = {
  id: 'diary',
  async submit(ctx, values) {
    const l = ctx.actor.locale;
    const workDone = (values.workDone ?? '').trim();
    const errors: Record<string, string> = {};
    if (!workDone) errors.workDone = tr(l, '请填写主要工作落实情况，例如：拜访3户企业客户', 'Please fill in the work done, e.g. visited 3 customers');
    for (const k of ['workDone', 'results', 'problems']) {
      if ((values[k] ?? '').length > MAX_TEXT) errors[k] = tr(l, `不能超过 ${MAX_TEXT} 字`, `At most ${MAX_TEXT} characters`);
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    try {
      const r = await writeDiary(ctx.core, ctx.actor, { workDone, results: values.results, problems: values.problems }, ctx.now, ctx.requestKey);
      return { ok: true, result: { text: r.updated ? tr(l, `✅ 已更新 ${r.day} 的工作日志。`, `✅ Day log for ${r.day} updated.`) : tr(l, `✅ 已保存 ${r.day} 的工作日志。`, `✅ Day log for ${r.day} saved.`) } };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { workDone: e.userMessage[l] } };
      throw e;
    }
  },
};

export const daily: Group = { commands: [target, diary], forms: [diarySubmit], actions: [] };
