import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { saveAnalysis, type SavedLink, type TurnSpec, unitsByRegionTable } from './share';
import { uploadReady } from './data';
import { openWorkspace } from './workspace';

/** The phone width every view must fit without scrolling sideways, and a desktop width for screenshots. */
export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1440, height: 900 };

const LONG_COLUMN = 'region_of_the_sales_team_responsible_for_the_account_in_this_quarter_without_any_breaks';

/** A saved turn full of long unbroken content: a column name, a code line, printed output, a figure. */
export const LONG_TURN: TurnSpec = {
  question: 'Which region sold the most units?',
  answer: `**East** sold the most: 7 units.\n\n| ${LONG_COLUMN} | units |\n|---|---|\n| East | 7 |\n`,
  code: `import pandas as pd\nsales = pd.DataFrame({"${LONG_COLUMN}": ["North", "South", "East"], "units": [3, 4, 7]})\nresult = sales`,
  stdout: `${'x'.repeat(180)}\ntotal units 14\n`,
  result: unitsByRegionTable({ regionColumn: LONG_COLUMN }),
  figures: 1,
};

/** A file whose name and first column are one long word each, so the data panel meets the worst case. */
const LONG_FILE = {
  name: 'quarterly_sales_by_region_exported_from_the_crm_without_spaces_2026.csv',
  body: `${LONG_COLUMN},units\nNorth,3\nSouth,4\nEast,7\n`,
};

/** Saves LONG_TURN from this context (on /analyses, which runs no Python); returns its share and embed links. */
export async function saveLongAnalysis(page: Page, title: string): Promise<SavedLink> {
  await page.goto('/analyses');
  return saveAnalysis(page, { title, turns: [LONG_TURN] });
}

/** The workspace with LONG_FILE uploaded and its schema open (the widest content the panel can show). */
export async function openWorkspaceWithLongFile(page: Page): Promise<void> {
  await openWorkspace(page);
  const row = await uploadReady(page, LONG_FILE.name, LONG_FILE.body);
  await row.getByTestId('file-schema-toggle').click();
  await expect(row.getByTestId('file-schema')).toBeVisible();
}

/** The page is no wider than the viewport: nothing makes the analyst scroll sideways. On failure, names the culprits. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  try {
    await expect.poll(overflow, { timeout: 10_000 }).toBeLessThanOrEqual(0);
  } catch {
    // The innermost elements that stick out past the viewport's right edge.
    const culprits = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // Inside a box that clips or scrolls, sticking out is that box's business, not the page's.
      const clipped = (element: HTMLElement) => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowX !== 'visible') return true;
        }
        return false;
      };
      const wide = Array.from(document.body.querySelectorAll<HTMLElement>('*')).filter(
        (element) => element.getBoundingClientRect().right > width + 0.5 && !clipped(element),
      );
      return wide
        .filter((element) => !wide.some((other) => other !== element && element.contains(other)))
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className} right=${Math.round(element.getBoundingClientRect().right)}`);
    });
    throw new Error(`the page is ${await overflow()} px wider than the viewport; sticking out: ${culprits.join(' | ')}`);
  }
}

export type Theme = 'light' | 'dark';

/** Puts the page in `theme` the way an analyst's system does (prefers-color-scheme), and waits until it applies. */
export async function useSystemTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Serious and critical axe violations of the page (WCAG 2.x A/AA rules), as readable lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`));
}

/** Saves a screenshot of the viewport as <name>.png in E2E_SCREENSHOTS_DIR (docs/screenshots) or the test's output folder. */
export async function saveShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS_DIR ? path.resolve(process.env.E2E_SCREENSHOTS_DIR) : testInfo.outputPath();
  await mkdir(dir, { recursive: true });
  // Let the theme's colours settle (no transitions are defined, but the caret and fonts may still be painting).
  await page.evaluate(() => document.fonts.ready.then(() => true));
  const bytes = await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled', caret: 'hide' });
  expect(bytes.length).toBeGreaterThan(1000);
}

/**
 * Whether a computed colour is dark or light, by its lightness: the build writes the palette as lab() (from
 * Tailwind's oklch), the figures' and inline styles may be rgb().
 */
function toneOf(color: string): 'dark' | 'light' | 'mid' | 'transparent' {
  const lab = /^lab\(([\d.]+)/.exec(color);
  const oklch = /^oklch\(([\d.]+)/.exec(color);
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(color);
  let lightness: number;
  if (lab) lightness = Number(lab[1]);
  else if (oklch) lightness = Number(oklch[1]) * 100;
  else if (rgb) {
    if (rgb[4] === '0') return 'transparent';
    lightness = ((Number(rgb[1]) + Number(rgb[2]) + Number(rgb[3])) / (3 * 255)) * 100;
  } else return 'mid';
  return lightness < 35 ? 'dark' : lightness > 80 ? 'light' : 'mid';
}

/** Waits until the element's `property` (a colour) is dark or light. */
export async function expectTone(locator: Locator, property: 'background-color' | 'color', tone: 'dark' | 'light'): Promise<void> {
  await expect
    .poll(async () => toneOf(await locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property)), {
      message: `${property} tone`,
    })
    .toBe(tone);
}
