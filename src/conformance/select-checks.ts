/**
 * Choosing checks: `--suite`, `--check` and `--skip`. A name is a suite (`lifecycle`), a check id
 * (`lifecycle/initialize-result-valid`) or a pattern with `*` (`jsonrpc/*-id`). A name that matches nothing is a usage
 * error, so a typo never silently runs nothing.
 */
import { ConfigError, formatMessage } from '../protocol/errors.js';
import type { CheckDefinition } from './define-check.js';

/** Options of {@link selectChecks}. */
export interface CheckSelection {
  /** Keep only checks of these suites. */
  suites?: readonly string[];
  /** Keep only these checks (ids or patterns). */
  checks?: readonly string[];
  /** Drop these checks or suites (ids, suites or patterns). */
  skip?: readonly string[];
}

const toPattern = (name: string): RegExp =>
  new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

const matchesName = (check: CheckDefinition, name: string): boolean =>
  name === check.suite || toPattern(name).test(check.id);

/** Filters checks; throws a ConfigError for a name that matches no check. */
export function selectChecks(all: readonly CheckDefinition[], selection: CheckSelection): CheckDefinition[] {
  const unknown = [...(selection.suites ?? []), ...(selection.checks ?? []), ...(selection.skip ?? [])].filter(
    (name) => !all.some((check) => matchesName(check, name)),
  );
  if (unknown.length > 0) {
    throw new ConfigError(
      formatMessage('select checks', `no check or suite matches ${unknown.map((n) => `"${n}"`).join(', ')}`, 'Run `mcp-conform list` to see them.'),
    );
  }
  return all.filter(
    (check) =>
      (!selection.suites?.length || selection.suites.includes(check.suite)) &&
      (!selection.checks?.length || selection.checks.some((name) => matchesName(check, name))) &&
      !(selection.skip ?? []).some((name) => matchesName(check, name)),
  );
}
