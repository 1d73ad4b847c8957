/**
 * README examples as this repository writes them: a fenced ```js block is an example, and the next fenced
 * block, with only prose between, must be a ```text block holding exactly what the example prints.
 * A ```js block without its ```text block is an error, so no example can go unchecked.
 */
export interface ReadmeExample {
  /** The README's path as given, and the 1-based line of the example's opening fence. */
  readme: string;
  line: number;
  code: string;
  expectedOutput: string;
  /** The `@hlm/*` packages the example imports: what a user would install to run it. */
  packages: string[];
  /** Relative paths of files the example reads (`readFileSync('data/…')`), to lay beside it. */
  files: string[];
}

interface Fence {
  info: string;
  line: number;
  body: string;
}

function fences(markdown: string): Array<{ fence: Fence; proseBefore: string }> {
  const lines = markdown.split('\n');
  const out: Array<{ fence: Fence; proseBefore: string }> = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith('```')) body.push(lines[j++]!);
    if (j === lines.length) throw new Error(`unclosed code fence at line ${i + 1}`);
    out.push({ fence: { info: open[1]!.trim(), line: i + 1, body: body.join('\n') }, proseBefore: prose.join('\n') });
    prose = [];
    i = j;
  }
  return out;
}

export function readmeExamples(readme: string, markdown: string): ReadmeExample[] {
  const blocks = fences(markdown);
  const examples: ReadmeExample[] = [];
  blocks.forEach(({ fence }, k) => {
    if (fence.info !== 'js') return;
    const next = blocks[k + 1];
    if (!next || next.fence.info !== 'text' || /^#{1,6} /m.test(next.proseBefore)) {
      throw new Error(`${readme}:${fence.line}: a \`\`\`js example must be followed by a \`\`\`text block with its output`);
    }
    const packages = [...new Set(Array.from(fence.body.matchAll(/from '(@hlm\/[a-z-]+)'/g), (m) => m[1]!))];
    const files = [...new Set(Array.from(fence.body.matchAll(/readFileSync\('([^']+)'/g), (m) => m[1]!))];
    examples.push({ readme, line: fence.line, code: fence.body + '\n', expectedOutput: next.fence.body, packages, files });
  });
  return examples;
}

/** Printed output compared line by line, ignoring trailing spaces and a final newline. */
export function normaliseOutput(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trimEnd();
}
