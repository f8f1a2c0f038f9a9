// Pure Block Kit builders. Slack's limits are kept here: 50 blocks a
// message, 100 in a modal or the Home tab, 3000 characters in a section,
// 24 in a modal title, 75 in a button label. Long text is split into
// sections and, past the limit, truncated with a note, never rejected.
import type { Button, CommandResult, FormSpec, OutMessage } from '../types.ts';

export const LIMITS = { messageBlocks: 50, viewBlocks: 100, sectionChars: 3000, modalTitle: 24, buttonText: 75, textField: 40000 };

type Block = Record<string, unknown>;

const plain = (text: string, max = 150) => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

/** Splits text into mrkdwn sections of at most 3000 characters, at line breaks where possible. */
export function textSections(text: string, maxBlocks: number): Block[] {
  const chunks: string[] = [];
  let rest = text || ' ';
  while (rest.length > 0) {
    if (rest.length <= LIMITS.sectionChars) {
      chunks.push(rest);
      break;
    }
    let cut = rest.lastIndexOf('\n', LIMITS.sectionChars);
    if (cut < LIMITS.sectionChars / 2) cut = LIMITS.sectionChars;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (chunks.length > maxBlocks) {
    const kept = chunks.slice(0, maxBlocks - 1);
    kept.push(`…（内容过长，已截断 ${chunks.length - kept.length} 段 / truncated）`);
    return kept.map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
  }
  return chunks.map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
}

function buttonsBlock(buttons: Button[]): Block[] {
  const blocks: Block[] = [];
  // An actions block holds at most 25 elements.
  for (let i = 0; i < buttons.length; i += 25) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + 25).map((b) => ({
        type: 'button',
        action_id: b.actionId,
        value: b.value,
        text: plain(b.label, LIMITS.buttonText),
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  return blocks;
}

export function messageBlocks(m: OutMessage): Block[] {
  const buttons = m.buttons?.length ? buttonsBlock(m.buttons) : [];
  return [...textSections(m.text, LIMITS.messageBlocks - buttons.length), ...buttons];
}

/** Fallback text (notifications, screen readers) must stay under 40,000 characters. */
export function fallbackText(text: string): string {
  return truncate(text, 3900);
}

export function replyPayload(r: CommandResult) {
  return { response_type: 'ephemeral' as const, text: fallbackText(r.text), blocks: messageBlocks(r) };
}

export function modalView(form: FormSpec) {
  const blocks: Block[] = form.fields.slice(0, LIMITS.viewBlocks).map((f) => {
    let element: Block;
    switch (f.kind) {
      case 'multiline':
      case 'text':
      case 'number':
        element = {
          type: f.kind === 'number' ? 'number_input' : 'plain_text_input',
          action_id: f.id,
          ...(f.kind === 'number' ? { is_decimal_allowed: true } : { multiline: f.kind === 'multiline' }),
          ...(f.initial ? { initial_value: f.initial } : {}),
          ...(f.maxLength && f.kind !== 'number' ? { max_length: Math.min(f.maxLength, 3000) } : {}),
          ...(f.placeholder ? { placeholder: plain(f.placeholder) } : {}),
        };
        break;
      case 'date':
        element = { type: 'datepicker', action_id: f.id, ...(f.initial ? { initial_date: f.initial } : {}) };
        break;
      case 'time':
        element = { type: 'timepicker', action_id: f.id, ...(f.initial ? { initial_time: f.initial } : {}) };
        break;
      case 'file':
        element = { type: 'file_input', action_id: f.id, max_files: 1, filetypes: ['csv', 'txt'] };
        break;
      case 'select':
        element = {
          type: 'static_select',
          action_id: f.id,
          options: (f.options ?? []).slice(0, 100).map((o) => ({ text: plain(o.label, 75), value: o.value })),
          ...(f.initial && f.options?.some((o) => o.value === f.initial)
            ? { initial_option: { text: plain(f.options.find((o) => o.value === f.initial)!.label, 75), value: f.initial } }
            : {}),
        };
        break;
    }
    return { type: 'input', block_id: f.id, optional: !!f.optional, label: plain(f.label, 2000), element, ...(f.hint ? { hint: plain(f.hint, 2000) } : {}) };
  });
  return {
    type: 'modal' as const,
    callback_id: form.id,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalTitle),
    close: plain('取消 / Cancel', LIMITS.modalTitle),
    private_metadata: form.meta ?? '',
    blocks,
  };
}

type StateValue = { type?: string; files?: { name?: string; url_private_download?: string; url_private?: string }[]; value?: string | null; selected_date?: string | null; selected_time?: string | null; selected_option?: { value: string } | null };

/** view.state.values → { fieldId: string } (block_id is the field id). */
export function formValues(state: Record<string, Record<string, StateValue>> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(state ?? {})) {
    for (const v of Object.values(actions)) {
      if (v.files) {
        out[blockId] = JSON.stringify(v.files.map((f) => ({ name: f.name ?? '', url: f.url_private_download ?? f.url_private ?? '' })));
        continue;
      }
      out[blockId] = v.value ?? v.selected_date ?? v.selected_time ?? v.selected_option?.value ?? undefined;
    }
  }
  return out;
}

export function homeView(sections: string[]) {
  const blocks: Block[] = [];
  for (const s of sections) {
    if (blocks.length) blocks.push({ type: 'divider' });
    blocks.push(...textSections(s, 10));
  }
  return { type: 'home' as const, blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
