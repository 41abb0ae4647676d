/** Input validation at the edge of the domain: zod schemas, failures as ValidationError. @module */
import * as z from 'zod';
import { normaliseCidr } from '../lib/cidr.js';
import { ValidationError } from './errors.js';
import { isIdOf, type IdKind } from '../lib/ids.js';

/**
 * Paths of strings (and keys) holding a NUL character, which PostgreSQL text cannot store. Walks
 * with an explicit stack and no deeper than NUL_SCAN_DEPTH levels: deeper inputs are refused by
 * their schema's depth limit (MAX_JSON_DEPTH), so nothing here can overflow the call stack.
 */
function nulPaths(input: unknown): string[] {
  const found: string[] = [];
  // [value, its path, whether its key holds a NUL]; children pushed in reverse to visit them in order
  const stack: [unknown, string[], boolean][] = [[input, [], false]];
  while (stack.length) {
    const [value, path, nulKey] = stack.pop()!;
    if (nulKey) found.push(path.join('.'));
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path.join('.'));
    } else if (value && typeof value === 'object' && path.length < NUL_SCAN_DEPTH) {
      const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
      for (const [key, child] of entries.reverse()) stack.push([child, [...path, key], key.includes('\u0000')]);
    }
  }
  return found;
}
const NUL_SCAN_DEPTH = 64;

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const nul = nulPaths(input);
  if (nul.length) throw new ValidationError(nul.map((path) => ({ path, message: 'must not contain a NUL character' })));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** A TypeID of one kind; malformed ids are a validation error, unknown ones are NOT_FOUND later. */
export const idOf = (kind: IdKind) => z.string().refine((s) => isIdOf(kind, s), { message: `must be a ${kind} id` });

/** `resource:action` (more colon-separated parts allowed, `*` as a whole action allowed). */
export const SCOPE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}(:([a-z0-9][a-z0-9_.-]{0,63}|\*))+$/i;
export const scope = z.string().max(200).regex(SCOPE_PATTERN, 'must look like resource:action');
export const scopeList = z
  .array(scope)
  .max(100)
  .transform((s) => [...new Set(s)]);

export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const slug = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and dashes; no dash at either end');

/** How deeply a JSON input may nest (objects and arrays); deeper inputs are refused, never walked recursively. */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `value` nests objects or arrays deeper than `max` levels (the value itself is level
 * 1). Walks with an explicit stack, so an input of any depth (100 000 levels) cannot overflow the
 * call stack; stops at the first level past `max`.
 */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * JSON objects stored as metadata: at most MAX_JSON_DEPTH levels deep (checked first, without
 * recursion) and 16 KiB as JSON, so a tenant cannot grow rows without limit nor overflow a stack.
 */
export const jsonObject = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  if (jsonDeeperThan(v, MAX_JSON_DEPTH)) ctx.addIssue({ code: 'custom', message: `must nest at most ${MAX_JSON_DEPTH} levels deep` });
  else if (JSON.stringify(v).length > 16_384) ctx.addIssue({ code: 'custom', message: 'must be at most 16 KiB as JSON' });
});

export const email = z.string().trim().toLowerCase().max(320).email();

/** Derives a slug from a display name: "Globex Corp." → "globex-corp". */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

/** An IP allowlist: up to 100 addresses or CIDR ranges, normalised (lib/cidr.ts); empty: none given. */
export const cidrList = z
  .array(z.string().max(64))
  .max(100)
  .default([])
  .transform((list, ctx) =>
    list.map((entry, i) => {
      const cidr = normaliseCidr(entry);
      if (!cidr) ctx.addIssue({ code: 'custom', path: [i], message: 'must be an IPv4 or IPv6 address or CIDR range' });
      return cidr ?? '';
    }),
  );
