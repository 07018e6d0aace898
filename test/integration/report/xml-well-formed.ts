/**
 * A strict, small well-formedness check for the XML our JUnit renderer writes (no DTD, no CDATA, no comments): every
 * tag balanced, attributes quoted and unique, `&` only in entity or character references, only XML 1.0 characters.
 * Returns the problems found (empty when well-formed).
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const invalidChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (invalidChar) problems.push(`character U+${invalidChar[0].codePointAt(0)!.toString(16)} is not allowed in XML 1.0`);
  const body = xml.replace(/^<\?xml [^?]*\?>\n?/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  let roots = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
    if (badAmp) problems.push(`bare & in text near ${JSON.stringify(text.slice(badAmp.index, badAmp.index + 20))}`);
    if (text.includes(']]>')) problems.push('"]]>" in text');
    if (lt === -1) break;
    tag.lastIndex = lt;
    const match = tag.exec(body);
    if (!match) {
      problems.push(`malformed tag near ${JSON.stringify(body.slice(lt, lt + 60))}`);
      break;
    }
    const [whole, closing, name, attributes, selfClosing] = match;
    const names = [...attributes!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)].map((m) => {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[2]!)) problems.push(`bare & in attribute ${m[1]}`);
      return m[1]!;
    });
    if (new Set(names).size !== names.length) problems.push(`duplicate attribute in <${name}>`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name!);
    } else if (stack.length === 0) {
      roots += 1;
    }
    i = lt + whole!.length;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
