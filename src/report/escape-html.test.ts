import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightJson, html, safeHref } from './escape-html.js';
import { prettyJson } from './pretty-json.js';

/** What a browser shows for escaped HTML text with spans (tags dropped, entities decoded). */
function textOf(markup: string): string {
  return markup.replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
}

describe('escapeHtml and html', () => {
  it('escape markup characters', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
    expect(html('a\u001bb')).toBe('a\\u001Bb');
  });
});

describe('safeHref', () => {
  it('links only http and https URLs', () => {
    expect(safeHref('https://modelcontextprotocol.io/specification')).toBe('https://modelcontextprotocol.io/specification');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
    expect(safeHref('https://x" onmouseover="y')).toBeUndefined();
  });
});

describe('highlightJson', () => {
  it('shows exactly the text it colours, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const pretty = prettyJson(JSON.stringify(value))!;
        const marked = highlightJson(pretty);
        expect(textOf(marked)).toBe(pretty.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`));
        expect(marked).not.toMatch(/<(?!\/?span\b)/);
      }),
    );
  });

  it('marks keys, strings, numbers, literals and punctuation', () => {
    expect(highlightJson('{ "a": "<b>", "n": -1.5e3, "t": true }')).toBe(
      '{ <span class="j-k">&quot;a&quot;</span>: <span class="j-s">&quot;&lt;b&gt;&quot;</span>, <span class="j-k">&quot;n&quot;</span>: <span class="j-n">-1.5e3</span>, <span class="j-k">&quot;t&quot;</span>: <span class="j-l">true</span> }',
    );
  });
});
