/**
 * No visible text bypasses t(). A simple, honest heuristic over every .tsx file of the renderer:
 * JSX text with a letter in it, a string literal with a letter placed directly as a JSX child,
 * or a literal with a letter in an attribute people read (title, placeholder, aria-label, label…)
 * is a finding. Symbols (✕, ▲, ·) and the brand-free punctuation between translated parts pass.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>('../**/*.tsx', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'alt',
  'label',
  'hint',
  'header',
  'subtitle',
  'empty',
]);

const HAS_LETTER = /\p{L}/u;

function findLiterals(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    findings.push(`${fileName}:${line + 1} ${what}`);
  };
  const isTextLiteral = (node: ts.Node | undefined): node is ts.StringLiteralLike =>
    !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) {
      report(node, `JSX text "${node.text.trim()}"`);
    } else if (
      ts.isJsxExpression(node) &&
      ts.isJsxElement(node.parent) &&
      isTextLiteral(node.expression) &&
      HAS_LETTER.test(node.expression.text)
    ) {
      report(node, `literal child "${node.expression.text}"`);
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file))) {
      const value = node.initializer;
      const literal =
        value && ts.isJsxExpression(value) ? value.expression : (value as ts.Node | undefined);
      if (isTextLiteral(literal) && HAS_LETTER.test(literal.text)) {
        report(node, `${node.name.getText(file)}="${literal.text}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

describe('visible text goes through t()', () => {
  it('scans the renderer sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it('finds no literal text in JSX', () => {
    const findings = Object.entries(sources).flatMap(([name, text]) => findLiterals(name, text));
    expect(findings).toEqual([]);
  });

  it('would catch each kind of bypass (the heuristic itself works)', () => {
    const sample = [
      'const a = <p>Hello</p>;',
      "const b = <p>{'Saved'}</p>;",
      'const c = <input placeholder="Search" />;',
      "const d = <button aria-label={'Close'}>✕</button>;",
      "const e = <p>{t('ok')} · {value}</p>;",
      'const f = <div className="grid" data-testid="grid-row" />;',
      'const g = <span>你好</span>;',
    ].join('\n');
    expect(findLiterals('sample.tsx', sample)).toEqual([
      'sample.tsx:1 JSX text "Hello"',
      'sample.tsx:2 literal child "Saved"',
      'sample.tsx:3 placeholder="Search"',
      'sample.tsx:4 aria-label="Close"',
      'sample.tsx:7 JSX text "你好"',
    ]);
  });
});
