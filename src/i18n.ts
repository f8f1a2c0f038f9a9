// Chinese by default, English per member (/cm lang en). Strings live next to
// the code that says them, as tr(locale, '中文', 'English').
export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

export type Msg = { 'zh-CN': string; en: string };

export function tr(locale: Locale, zh: string, en: string): string {
  return locale === 'en' ? en : zh;
}

export function msg(zh: string, en: string): Msg {
  return { 'zh-CN': zh, en };
}

export function say(locale: Locale, m: Msg): string {
  return m[locale] ?? m['zh-CN'];
}
