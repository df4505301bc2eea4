import type { Page } from '@playwright/test';

export class HomePage {
  constructor(readonly page: Page) {}

  readonly dropZone = () => this.page.getByTestId('drop-zone');
  readonly progress = () => this.page.getByTestId('upload-progress');
  readonly uploadError = () => this.page.getByTestId('upload-error');
  readonly incidentList = () => this.page.getByTestId('incident-list');

  async open() {
    await this.page.goto('/');
  }

  async pickFiles(paths: string[]) {
    await this.page.getByTestId('file-input').setInputFiles(paths);
  }

  /** Drops files the way a browser does: a drop event whose DataTransfer holds File objects. */
  async dropFiles(files: { name: string; base64: string }[]) {
    const transfer = await this.page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], item.name));
      }
      return dt;
    }, files);
    await this.dropZone().dispatchEvent('dragover', { dataTransfer: transfer });
    await this.dropZone().dispatchEvent('drop', { dataTransfer: transfer });
  }
}
