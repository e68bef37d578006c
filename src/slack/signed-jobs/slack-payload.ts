import { parse } from 'node:querystring';

/**
 * Parses a Slack request body as Bolt does: form bodies are slash commands, or carry an interactive
 * `payload` as JSON; JSON bodies are Events API deliveries. Undefined when it is none of these.
 */
export function parseSlackBody(body: string, contentType: string): Record<string, unknown> | undefined {
  try {
    const type = contentType.split(';')[0]?.trim().toLowerCase();
    if (type === 'application/x-www-form-urlencoded') {
      const form = parse(body);
      if (typeof form.payload === 'string') return asObject(JSON.parse(form.payload));
      return Object.fromEntries(
        Object.entries(form).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
      );
    }
    if (type === 'application/json') return asObject(JSON.parse(body));
  } catch {
    // malformed: no payload
  }
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
