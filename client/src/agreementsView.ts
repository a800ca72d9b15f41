/**
 * The "Agreements" view in the explorer: the workspace's agencies, programs, instruments,
 * defined terms and dates, grouped by kind with mention counts; each entry expands to its
 * mentions, and a click on a mention reveals it. Everything comes from the server's
 * `agreement/agreementsView` and `agreement/agreementsViewMentions` requests, answered from the
 * workspace index; the view refreshes when the server says the index changed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, Range as LspRange } from 'vscode-languageclient/node';

type Kind = 'agency' | 'program' | 'instrument' | 'term' | 'date';

interface Entry {
  readonly kind: Kind;
  readonly key: string;
  readonly name: string;
  readonly detail: string | undefined;
  readonly mentions: number;
  readonly documents: number;
}

interface Group {
  readonly kind: Kind;
  readonly total: number;
  readonly entries: readonly Entry[];
}

interface Mention {
  readonly uri: string;
  readonly range: LspRange;
  readonly text: string;
  readonly isDefinition: boolean;
}

type Node =
  | { readonly type: 'group'; readonly group: Group }
  | { readonly type: 'entry'; readonly entry: Entry }
  | { readonly type: 'mention'; readonly mention: Mention; readonly entry: Entry };

const ICONS: Record<Kind, string> = {
  agency: 'organization',
  program: 'rocket',
  instrument: 'file-text',
  term: 'symbol-constant',
  date: 'calendar',
};

function groupLabel(kind: Kind): string {
  switch (kind) {
    case 'agency':
      return vscode.l10n.t('Agencies');
    case 'program':
      return vscode.l10n.t('Programs');
    case 'instrument':
      return vscode.l10n.t('Instruments');
    case 'term':
      return vscode.l10n.t('Defined terms');
    case 'date':
      return vscode.l10n.t('Dates');
  }
}

export class AgreementsViewProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  private view: vscode.TreeView<Node> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.updateMessage();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(filter: string): void {
    this.filterText = filter.trim();
    void vscode.commands.executeCommand('setContext', 'agreement.entities.filtered', this.filterText !== '');
    this.updateMessage();
    this.refresh();
  }

  /** Refreshes now. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Refreshes once after a burst of changes, and only while the view is visible. */
  refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.view?.visible !== false) this.refresh();
    }, 500);
  }

  private updateMessage(): void {
    if (this.view)
      this.view.message = this.filterText ? vscode.l10n.t('Filtered by “{0}”', this.filterText) : undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const client = this.client();
    if (!client?.isRunning()) return [];
    try {
      if (!node) {
        const view = await client.sendRequest<{ groups: Group[] }>('agreement/agreementsView', {
          filter: this.filterText,
        });
        return view.groups.filter((g) => g.total > 0).map((group) => ({ type: 'group', group }));
      }
      if (node.type === 'group') return node.group.entries.map((entry) => ({ type: 'entry', entry }));
      if (node.type === 'entry') {
        const mentions = await client.sendRequest<Mention[]>('agreement/agreementsViewMentions', {
          kind: node.entry.kind,
          key: node.entry.key,
        });
        return mentions.map((mention) => ({ type: 'mention', mention, entry: node.entry }));
      }
    } catch {
      // The server is restarting; the view fills again when it says the index changed.
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(groupLabel(node.group.kind), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.group.kind}`;
        item.description = String(node.group.total);
        item.iconPath = new vscode.ThemeIcon(ICONS[node.group.kind]);
        item.contextValue = 'group';
        if (node.group.total > node.group.entries.length)
          item.tooltip = vscode.l10n.t(
            'The first {0} of {1}; filter to see the others.',
            node.group.entries.length,
            node.group.total,
          );
        return item;
      }
      case 'entry': {
        const { entry } = node;
        const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `entry:${entry.kind}:${entry.key}`;
        const counts =
          entry.documents > 1
            ? vscode.l10n.t('{0} mentions in {1} files', entry.mentions, entry.documents)
            : entry.mentions === 1
              ? vscode.l10n.t('1 mention')
              : vscode.l10n.t('{0} mentions', entry.mentions);
        item.description = entry.detail ? `${entry.detail} · ${counts}` : counts;
        item.tooltip = new vscode.MarkdownString(
          `**${entry.name}**${entry.detail ? ` — ${entry.detail}` : ''}\n\n${counts}`,
        );
        item.contextValue = 'entry';
        return item;
      }
      case 'mention': {
        const { mention } = node;
        const uri = vscode.Uri.parse(mention.uri);
        const line = mention.range.start.line + 1;
        const where = `${path.basename(uri.fsPath)}:${line}`;
        const item = new vscode.TreeItem(
          mention.isDefinition ? vscode.l10n.t('{0} (definition)', mention.text) : mention.text,
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `mention:${node.entry.kind}:${node.entry.key}:${mention.uri}:${line}:${mention.range.start.character}`;
        item.description = where;
        item.tooltip = `${uri.fsPath}:${line}`;
        item.iconPath = new vscode.ThemeIcon(mention.isDefinition ? 'symbol-key' : 'location');
        const range = new vscode.Range(
          mention.range.start.line,
          mention.range.start.character,
          mention.range.end.line,
          mention.range.end.character,
        );
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Reveal'),
          arguments: [uri, { selection: range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
        };
        return item;
      }
    }
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}
