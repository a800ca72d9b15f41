/**
 * When the language server dies: restart it at once, up to four times in three minutes; at the
 * fifth crash in that window leave it stopped (a server that crashes on start would otherwise
 * loop forever) and say so, with a button that starts it again. "Agreement: Restart Server"
 * clears the count, so a server that was given up on can always be brought back.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
} from 'vscode-languageclient/node';

export const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60 * 1000;

export class CrashPolicy implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly restart: () => void) {}

  /** Forgets earlier crashes: after a restart by the user the server gets its four retries again. */
  reset(): void {
    this.crashes = [];
  }

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t <= WINDOW_MS), now];
    if (this.crashes.length <= MAX_RESTARTS) return { action: CloseAction.Restart, handled: true };
    const restart = vscode.l10n.t('Restart Server');
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t(
          'The agreement language server crashed {0} times in the last 3 minutes and was not restarted. See its output for the reason.',
          this.crashes.length,
        ),
        restart,
      )
      .then((choice) => {
        if (choice === restart) this.restart();
      });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
