/**
 * Every rule has a page in `docs/rules/<code>.md` that says what it checks, what it
 * deliberately does not report and why (issue 9), and how a reviewer gets out of a finding
 * that is still wrong: the `ignore` list and the quick fixes that edit it. The page's
 * configuration examples are parsed with the real configuration parser, and the quick-fix
 * titles it quotes are taken from the code actions themselves, so a page cannot drift from
 * what the extension does.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { codeActionsFor } from '../../server/src/core/features/codeActions';
import { mergeRuleConfig, parseRuleConfig, ruleConfigForFile } from '../../server/src/core/rules/ruleConfig';
import { DEFAULT_RULE_CONFIG } from '../../server/src/core/rules/runRules';
import { RULE_CODES, type Diagnostic, type RuleCode } from '../../server/src/core/rules/ruleTypes';
import { matchesGlobs } from '../../server/src/workspace/fileDiscovery';
import { REPO_ROOT } from '../support/paths';

const RULES_DIR = join(REPO_ROOT, 'docs', 'rules');
const NOT_REPORTED = 'What it does not report, and why';

/** The page's `## ` sections, in order, with their bodies. */
function sectionsOf(page: string): Array<{ title: string; body: string }> {
  const sections: Array<{ title: string; body: string }> = [];
  // Headings inside fenced code are not headings: drop the fences' contents before splitting.
  const lines = page.split(/\r?\n/);
  let inFence = false;
  let current: { title: string; body: string } | undefined;
  for (const line of lines) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence ? /^## (.+)$/.exec(line) : null;
    if (heading) {
      current = { title: heading[1]!.trim(), body: '' };
      sections.push(current);
    } else if (current) current.body += `${line}\n`;
  }
  return sections;
}

/** The top-level bullets of a section (continuation lines joined). */
function bulletsOf(body: string): string[] {
  const bullets: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('- ')) bullets.push(line.slice(2));
    else if (/^ {2}\S/.test(line) && bullets.length > 0) bullets[bullets.length - 1] += ` ${line.trim()}`;
  }
  return bullets;
}

function jsonBlocksOf(body: string): unknown[] {
  return [...body.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
}

/** The titles of the reviewer's quick fixes for a finding of `code` about `about`, from the code actions. */
function reviewerTitles(code: RuleCode, about: string): string[] {
  const document = analyseDocument('file:///p/a.txt', 'A text.\n');
  const finding: Diagnostic = {
    code,
    range: { start: 0, end: 1 },
    message: { en: code, ja: code },
    about,
    severity: 'warning',
    text: code,
  };
  return codeActionsFor(document, [finding], [finding], 'en', true).map((a) => a.title);
}

/** A title as a page may quote it: the subject free, and the file name in brackets left out. */
function titlePattern(title: string, about: string): RegExp {
  const [before, after] = title.replace(/ \(\.agreement\/config\.json\)$/, '').split(about) as [string, string];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escape(before)}\\S+?${escape(after)}`);
}

test('there is one page per rule code and no other', () => {
  const pages = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.replace(/\.md$/, ''))
    .sort();
  assert.deepEqual(pages, [...RULE_CODES].sort());
});

describe('each rule page', () => {
  for (const code of RULE_CODES) {
    describe(code, () => {
      const path = join(RULES_DIR, `${code}.md`);
      const page = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const sections = sectionsOf(page);
      const titles = sections.map((s) => s.title);
      const section = (title: string) => sections.find((s) => s.title === title);

      test('is titled with the code and says what it checks, then what it does not report', () => {
        assert.ok(page.length > 0, `${path} is missing`);
        assert.match(page.split('\n')[0]!, new RegExp(`^# \`?${code}\`?$`));
        const checks = titles.indexOf('What it checks');
        assert.ok(checks >= 0, `no "What it checks" in ${titles.join(' / ')}`);
        assert.equal(titles[checks + 1], NOT_REPORTED, `"${NOT_REPORTED}" must follow "What it checks"`);
        assert.ok(titles.includes('Configuration'), 'no "Configuration" section');
      });

      test('lists at least two cases it stays silent on, each with its reason, and nowhere else', () => {
        const bullets = bulletsOf(section(NOT_REPORTED)?.body ?? '');
        assert.ok(bullets.length >= 2, `${bullets.length} bullets`);
        for (const bullet of bullets) {
          // A case and its reason: more than a bare list of examples.
          assert.ok(bullet.split(/\s+/).length >= 8, `too short to give a reason: ${bullet}`);
        }
        // The inline "Not gaps: …" lists of old belong in that section, not beside it.
        const elsewhere = sections
          .filter((s) => s.title !== NOT_REPORTED)
          .map((s) => s.body)
          .join('\n');
        assert.doesNotMatch(elsewhere, /^(?:Not gaps|Not reported|These are (?:not|never))\b/m);
      });

      test('shows the ignore list with examples that the configuration parser accepts and that do what they say', () => {
        const body = section('Configuration')?.body ?? '';
        assert.match(body, /`ignore`/);
        const blocks = jsonBlocksOf(body);
        assert.ok(blocks.length > 0, 'no JSON example');
        for (const block of blocks) {
          const parsed = parseRuleConfig(block, `${code}.md`);
          assert.deepEqual(parsed.problems, [], JSON.stringify(block));
        }
        const ignore = blocks.flatMap((b) => parseRuleConfig(b, `${code}.md`).config.ignore ?? []);
        const byText = ignore.find((e) => e.rule === code && e.text !== undefined && e.files === undefined);
        const byFiles = ignore.find((e) => e.rule === code && e.files !== undefined && e.text === undefined);
        assert.ok(byText, `no { "rule": "${code}", "text": … } example`);
        assert.ok(byFiles, `no { "rule": "${code}", "files": [...] } example`);
        // The files entry switches the rule off where its glob matches, and only there.
        const merged = mergeRuleConfig(DEFAULT_RULE_CONFIG, { ignore: [byFiles] });
        const inside = byFiles.files![0]!.replace(/\*\*?/g, 'old');
        assert.equal(ruleConfigForFile(merged, `${inside}.txt`, matchesGlobs).severities[code], 'off', inside);
        assert.equal(ruleConfigForFile(merged, 'elsewhere/a.txt', matchesGlobs).severities[code], undefined);
      });

      test('names the quick fixes the editor offers for it', () => {
        const body = section('Configuration')?.body ?? '';
        const subject = 'SUBJECT';
        const offered = reviewerTitles(code, subject);
        const ignoreTitle = offered.find((t) => t.startsWith('Ignore '));
        assert.ok(ignoreTitle, `no ignore quick fix among ${offered.join(' / ')}`);
        assert.match(body.replace(/\s+/g, ' '), titlePattern(ignoreTitle, subject));
        const knownTitle = offered.find((t) => t.includes('known acronyms'));
        if (code === 'undefined-acronym') {
          assert.ok(knownTitle, 'no known-acronym quick fix');
          assert.match(body.replace(/\s+/g, ' '), titlePattern(knownTitle, subject));
        } else assert.equal(knownTitle, undefined);
      });
    });
  }
});
