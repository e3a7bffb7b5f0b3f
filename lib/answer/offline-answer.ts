import { escapeMarkdownInline, escapeTableCell } from '@/lib/text/markdown';
import type { AnswerRequest } from './answer-request';

/**
 * The answer when no LLM is configured: a deterministic markdown summary that restates the outputs (every number
 * copied verbatim from them) and says plainly that no model interpreted them. It reads the bounded outputs text
 * the page sends (lib/ask/client/summarize-run.ts: "stdout:", "result table (…):", "result: …", "figures: …",
 * "error: …" sections separated by blank lines) and degrades to quoting lines when the text has another shape.
 */

const MAX_FINDINGS = 8;
const MAX_TABLE_ROWS = 5;
const MAX_TABLE_COLUMNS = 6;
const HAS_NUMBER = /\d/;

/**
 * Output text is data from the analyst's files: inline markdown syntax is escaped (lib/text/markdown.ts). Line-start
 * syntax is not: a printed "1. …" after a bullet must stay an ordinal that the number check (which reads this
 * markdown) skips, as the page does, and "-3.5" must keep its sign without a backslash in front.
 */
function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text).trim();
}

interface Sections {
  stdout: string[];
  tableHeader?: string;
  tableLines: string[];
  result?: string;
  figures?: string;
  error?: string;
  other: string[];
}

function splitSections(outputs: string): Sections {
  const sections: Sections = { stdout: [], tableLines: [], other: [] };
  for (const block of outputs.split(/\n{2,}(?=stdout:|result table|result:|result \(|figures:|error:)/)) {
    if (block.startsWith('stdout:'))
      sections.stdout = block
        .slice('stdout:'.length)
        .split('\n')
        .filter((line) => line.trim());
    else if (block.startsWith('result table')) {
      const [header = '', ...lines] = block.split('\n');
      sections.tableHeader = header;
      sections.tableLines = lines.filter((line) => line.trim() && !line.startsWith('… ('));
    } else if (block.startsWith('result')) sections.result = block.replace(/^result(?: \([^)]*\))?:\s*/, '');
    else if (block.startsWith('figures:')) sections.figures = block.slice('figures:'.length).trim();
    else if (block.startsWith('error:')) sections.error = block.slice('error:'.length).trim();
    else sections.other.push(...block.split('\n').filter((line) => line.trim()));
  }
  return sections;
}

/** "Label: value" lines first (what generated code prints), then any other line with a number. */
function findings(lines: string[]): string[] {
  const labelled = lines.filter((line) => /^\s*[^:=\d][^:=]{0,80}[:=]\s*\S/.test(line) && HAS_NUMBER.test(line));
  const chosen = (labelled.length > 0 ? labelled : lines.filter((line) => HAS_NUMBER.test(line))).slice(0, MAX_FINDINGS);
  return chosen.map((line) => {
    const match = /^\s*([^:=]+?)\s*[:=]\s*(.+)$/.exec(line);
    return match?.[1] && match[2] ? `- **${escapeMarkdown(match[1])}:** ${escapeMarkdown(match[2])}` : `- ${escapeMarkdown(line)}`;
  });
}

function markdownTable(lines: string[]): string[] {
  const rows = lines.slice(0, MAX_TABLE_ROWS + 1).map((line) =>
    line
      .split('\t')
      .slice(0, MAX_TABLE_COLUMNS)
      .map((cell) => escapeTableCell(cell).trim()),
  );
  const [header, ...body] = rows;
  if (!header || header.length < 2 || body.length === 0) return [];
  const width = header.length;
  const pad = (row: string[]) => `| ${Array.from({ length: width }, (_, index) => row[index] ?? '').join(' | ')} |`;
  return [pad(header), `|${' --- |'.repeat(width)}`, ...body.map(pad)];
}

export function offlineAnswer({ request }: { request: AnswerRequest }): string {
  const sections = splitSections(request.outputs);
  const parts: string[] = ['_Offline summary: no LLM is configured, so this restates the outputs without interpreting them._'];

  if (request.status !== 'ok' || sections.error) {
    parts.push(
      `The run did not finish successfully (status: ${escapeMarkdown(request.status)}).${sections.error ? ` Error: ${escapeMarkdown(sections.error)}` : ''}`,
    );
  }

  const keyLines = findings([...sections.stdout.filter((line) => !/^Note: /.test(line)), ...sections.other]);
  const findingParts: string[] = [...keyLines];
  if (sections.result) findingParts.push(`- **Result:** ${escapeMarkdown(sections.result)}`);
  if (sections.tableHeader) {
    const shape = /\(([^)]*)\)/.exec(sections.tableHeader)?.[1];
    findingParts.push(`- **The result table**${shape ? ` (${escapeMarkdown(shape)})` : ''}: its first rows follow.`);
  }
  parts.push(['### Key findings', ...(findingParts.length > 0 ? findingParts : ['- The code printed no numbers; see the outputs above.'])].join('\n'));
  const table = markdownTable(sections.tableLines);
  if (table.length > 0) parts.push(table.join('\n'));

  const figureCount = request.figures;
  if (figureCount > 0) {
    const names = Array.from({ length: figureCount }, (_, index) => `Figure ${index + 1}`);
    parts.push(`${names.join(', ')} ${figureCount === 1 ? 'shows' : 'show'} the charts the code drew.`);
  }

  // "Note: Read … as the column …" / "Note: Not what was asked: …" lines printed by the offline planner's code.
  const notes = sections.stdout
    .filter((line) => /^Note: /.test(line))
    .slice(0, 4)
    .map((line) => `- ${escapeMarkdown(line.slice('Note: '.length))}`);
  const caveats = [...notes, '- These lines are copied from the outputs; check the code to see exactly what was computed.'];
  if (sections.tableHeader?.includes('first rows')) caveats.push('- Only the first rows of the result table are shown.');
  parts.push(['### Caveats', ...caveats].join('\n'));

  parts.push(
    [
      '### Next questions',
      '- Which columns have missing values, and how many?',
      '- How is the main numeric column distributed?',
      '- How do the results differ between groups (for example by category or over time)?',
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}
