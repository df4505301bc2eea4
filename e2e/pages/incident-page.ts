import { expect, type Page } from '@playwright/test';

export class IncidentPage {
  constructor(readonly page: Page) {}

  readonly figure = (name: 'requests' | '502' | '502-rate' | 'worst') => this.page.getByTestId(`figure-${name}`);
  readonly chart = () => this.page.getByTestId('status-chart');
  readonly table = () => this.page.getByTestId('upstream-table');

  async waitUntilLoaded() {
    await expect(this.page).toHaveURL(/\/incidents\/[A-Za-z0-9_-]{22}$/);
    await expect(this.table()).toBeVisible();
    await expect(this.chart()).toBeVisible();
  }

  /** The upstream table as numbers, one entry per "pool server". */
  async tableRows(): Promise<Record<string, { attempts: number; failed: number; hidden: number; s502: number }>> {
    const rows = await this.table().getByTestId('upstream-row').all();
    const out: Record<string, { attempts: number; failed: number; hidden: number; s502: number }> = {};
    const num = async (row: (typeof rows)[number], col: string) => Number((await row.locator(`[data-col="${col}"]`).innerText()).replaceAll(',', ''));
    for (const row of rows) {
      const key = `${await row.locator('[data-col="pool"]').innerText()} ${await row.locator('[data-col="server"]').innerText()}`;
      out[key] = { attempts: await num(row, 'attempts'), failed: await num(row, 'failed'), hidden: await num(row, 'hidden'), s502: await num(row, '502') };
    }
    return out;
  }

  /** The total per line that the chart draws (its text twin for screen readers). */
  async chartTotals(): Promise<Record<string, number>> {
    const rows = await this.page.getByTestId('status-chart-data').locator('tr').all();
    const out: Record<string, number> = {};
    for (const row of rows) {
      out[(await row.getAttribute('data-series'))!] = Number((await row.locator('[data-col="total"]').textContent())!.replaceAll(',', ''));
    }
    return out;
  }

  /** Lines drawn in the chart's SVG, one per series. */
  chartLines() {
    return this.chart().locator('.recharts-line-curve');
  }
}
