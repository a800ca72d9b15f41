/**
 * The requests behind the extension's "Agreements" view and status-bar item:
 *
 * - `agreement/agreementsView` `{ filter? }` → the workspace's agencies, programs, instruments,
 *   defined terms and dates, grouped by kind with counts (`core/features/agreementsView.ts`);
 * - `agreement/agreementsViewMentions` `{ kind, key }` → the mentions of one entry;
 * - `agreement/status` → `{ indexing, files, version }`; after the first such request the
 *   notification `agreement/statusChanged` carries the same whenever it changes, so that the
 *   client refreshes its view and status bar without polling.
 *
 * The model is built once per workspace version and reused by every request until the
 * workspace changes again.
 */
import type { Connection } from 'vscode-languageserver/node';
import {
  agreementsModel,
  type AgreementsModel,
  agreementsView,
  agreementsViewMentions,
  AGREEMENTS_VIEW_KINDS,
  type AgreementsViewKind,
} from '../core/features/agreementsView';
import type { Locale } from '../core/features/featureContext';
import type { AgreementWorkspace } from '../workspace/agreementWorkspace';

export const AgreementsViewRequest = 'agreement/agreementsView';
export const AgreementsViewMentionsRequest = 'agreement/agreementsViewMentions';
export const StatusRequest = 'agreement/status';
export const StatusNotification = 'agreement/statusChanged';

/** How often the workspace's version is compared with the last one sent. */
const STATUS_INTERVAL_MS = 300;

export interface ServerStatus {
  readonly indexing: boolean;
  readonly files: number;
  readonly version: number;
}

export function registerAgreementsView(
  connection: Connection,
  workspace: AgreementWorkspace,
  locale: () => Locale,
): void {
  let cached: { version: number; locale: Locale; model: AgreementsModel } | undefined;
  const model = (): AgreementsModel => {
    if (!cached || cached.version !== workspace.version || cached.locale !== locale())
      cached = {
        version: workspace.version,
        locale: locale(),
        model: agreementsModel(workspace.index, workspace.registry, locale()),
      };
    return cached.model;
  };

  connection.onRequest(AgreementsViewRequest, (params: { filter?: string; limit?: number } | undefined) =>
    agreementsView(model(), { filter: params?.filter ?? '', limit: params?.limit ?? 500 }),
  );
  connection.onRequest(AgreementsViewMentionsRequest, (params: { kind: string; key: string }) =>
    AGREEMENTS_VIEW_KINDS.includes(params.kind as AgreementsViewKind)
      ? agreementsViewMentions(model(), params.kind as AgreementsViewKind, params.key)
      : [],
  );

  // The workspace has no change events of its own; its version number grows on every change,
  // so comparing it a few times a second is enough and costs nothing while nothing happens.
  // Notifications start when the client first asks for the status, after the handshake.
  const status = (): ServerStatus => ({
    indexing: workspace.isIndexing,
    files: workspace.index.size,
    version: workspace.version,
  });
  let sent = '';
  let timer: ReturnType<typeof setInterval> | undefined;
  connection.onRequest(StatusRequest, () => {
    timer ??= setInterval(() => {
      const now = status();
      const key = JSON.stringify(now);
      if (key === sent) return;
      sent = key;
      void connection.sendNotification(StatusNotification, now);
    }, STATUS_INTERVAL_MS).unref();
    const now = status();
    sent = JSON.stringify(now);
    return now;
  });
}
