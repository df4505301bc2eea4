import { expect, type Locator, type Page } from '@playwright/test';

/** The incident page as the engineer uses it: headline, charts, table, lines. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  readonly figure = (name: string) => this.page.getByTestId(`figure-${name}`);
  readonly statusChart = () => this.page.getByTestId('status-chart-plot');
  readonly table = () => this.page.getByTestId('upstream-table');
  readonly linesView = () => this.page.getByTestId('lines-view');

  async open(id: string, query = '') {
    await this.page.goto(`/incidents/${id}${query}`);
    await expect(this.page.getByTestId('headline')).toBeVisible();
  }

  /** Totals per line that the status chart draws (its text twin). */
  async chartTotals(): Promise<Record<string, number>> {
    const rows = await this.page.getByTestId('status-chart-data').locator('tr').all();
    const out: Record<string, number> = {};
    for (const row of rows) out[(await row.getAttribute('data-series'))!] = Number((await row.locator('[data-col="total"]').textContent())!.replaceAll(',', ''));
    return out;
  }

  /** Drags across the status chart's plot from one share of its width to another. */
  async dragOnChart(fromShare: number, toShare: number) {
    await this.statusChart().scrollIntoViewIfNeeded();
    const box = (await this.statusChart().locator('.recharts-cartesian-grid').boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromShare, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((fromShare + toShare) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * toShare, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Clicks a chart (the 502 chart unless another is given) at this share of its width. */
  async clickOnChart(share: number, chart: Locator = this.statusChart()) {
    // The panels above the chart change height as a new selection loads: click once the page is still.
    await this.page.waitForLoadState('networkidle');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
    const [x, y] = [box.x + box.width * share, box.y + box.height / 2];
    // As a person does: the pointer rests on the point (the chart shows its tooltip), then clicks.
    await this.page.mouse.move(x, y, { steps: 3 });
    await expect(chart.locator('.recharts-tooltip-wrapper')).toBeVisible();
    await this.page.mouse.click(x, y);
  }

  async query(): Promise<URLSearchParams> {
    return new URL(this.page.url()).searchParams;
  }
}
