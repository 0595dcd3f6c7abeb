import Bowser from 'bowser';
import { messages } from '../messages/vi.js';

const m = messages.auth;

// Cốc Cốc is common in Vietnam but bowser reads it as Chrome, whose token it also carries.
const COC_COC = /coc_coc_browser/i;

/** Systems whose own name means less to a reader than the device (iOS → iPhone or iPad). */
function systemName(parsed: Bowser.Parser.ParsedResult): string | undefined {
  const os = parsed.os.name;
  if (os === 'iOS') return parsed.platform.model ?? (parsed.platform.type === 'tablet' ? 'iPad' : 'iPhone');
  return os || undefined;
}

/**
 * A session's User-Agent as a reader would name it: "Chrome trên Windows",
 * "Safari trên iPhone". Never the raw string, which means nothing to most
 * people and may be anything a client chose to send.
 */
export function describeDevice(userAgent: string): string {
  if (!userAgent.trim()) return m.unknownDevice;
  const parsed = Bowser.parse(userAgent);
  const browser = COC_COC.test(userAgent) ? 'Cốc Cốc' : parsed.browser.name || undefined;
  const system = systemName(parsed);
  if (browser && system) return m.deviceOn(browser, system);
  if (system) return m.deviceOn(m.unknownDevice, system);
  return browser ?? m.unknownDevice;
}
