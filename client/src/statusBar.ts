/**
 * The status-bar item: while the server indexes, a spinner and how many files it has read;
 * then how many agreement files are indexed and how many findings the Problems panel has for
 * them; when the server is down, a warning that restarts it on click.
 */
import * as vscode from 'vscode';

export interface ServerStatus {
  readonly indexing: boolean;
  readonly files: number;
  readonly version: number;
}

export type ServerState = 'starting' | 'running' | 'stopped';

export class AgreementStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('agreement.status', vscode.StatusBarAlignment.Left, 10);
  private status: ServerStatus | undefined;
  private state: ServerState = 'starting';
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = vscode.l10n.t('Agreement Annotator');
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.render());
    this.render();
    this.setVisible(vscode.workspace.getConfiguration('agreement').get<boolean>('statusBar.enabled') !== false);
  }

  setVisible(visible: boolean): void {
    if (visible) this.item.show();
    else this.item.hide();
  }

  setState(state: ServerState): void {
    this.state = state;
    if (state !== 'running') this.status = undefined;
    this.render();
  }

  setStatus(status: ServerStatus): void {
    this.status = status;
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.state === 'stopped') {
      item.text = `$(warning) ${vscode.l10n.t('Agreement: server stopped')}`;
      item.tooltip = vscode.l10n.t('The agreement language server is not running. Click to restart it.');
      item.command = 'agreement.restartServer';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    item.command = 'agreement.showOutput';
    if (this.state === 'starting' || !this.status) {
      item.text = `$(sync~spin) ${vscode.l10n.t('Agreement: starting')}`;
      item.tooltip = vscode.l10n.t('The agreement language server is starting.');
      return;
    }
    if (this.status.indexing) {
      item.text = `$(sync~spin) ${vscode.l10n.t('Agreement: indexing… {0} files', this.status.files)}`;
      item.tooltip = vscode.l10n.t('Reading the agreement files of the workspace.');
      return;
    }
    const findings = countFindings();
    const files = this.status.files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', this.status.files);
    const problems = findings === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', findings);
    item.text = `$(law) ${files} · ${problems}`;
    item.tooltip = vscode.l10n.t(
      'Agreement Annotator: {0} agreement files indexed, {1} findings in the Problems panel. Click for the server output.',
      this.status.files,
      findings,
    );
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

/** The diagnostics of the agreement server over all files, open or not. */
function countFindings(): number {
  let count = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics())
    for (const d of diagnostics) if (d.source === 'agreement') count++;
  return count;
}
