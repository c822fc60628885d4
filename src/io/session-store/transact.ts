/**
 * Promise wrappers for IndexedDB. A transaction's body only schedules requests (IndexedDB commits
 * a transaction as soon as no request is pending, so nothing may be awaited inside it); the promise
 * settles when the transaction completes or aborts, so a resolved write is a committed write.
 */
import { AffectscopeError } from '../../core/errors';
import { storageUnavailable } from './errors';
import { upgradeSchema } from './schema';

/** The body's view of a running transaction. */
export class TransactionScope {
  private failure: { error: unknown } | null = null;
  constructor(readonly tx: IDBTransaction) {}

  store(name: string): IDBObjectStore {
    return this.tx.objectStore(name);
  }

  /** Runs `then(result)` when the request succeeds; an exception thrown by `then` aborts the transaction and becomes its error. */
  on<R>(request: IDBRequest<R>, then: (result: R) => void): void {
    request.onsuccess = () => {
      try {
        then(request.result);
      } catch (error) {
        this.fail(error);
      }
    };
  }

  /** Aborts the transaction (rolling back every write in it) and rejects with `error`. */
  fail(error: unknown): void {
    this.failure ??= { error };
    try {
      this.tx.abort();
    } catch {
      // Already finishing or aborted (abort() then throws InvalidStateError); the recorded failure still rejects.
    }
  }

  /** The first failure passed to fail(), or the transaction's own error. */
  error(): unknown {
    return this.failure ? this.failure.error : (this.tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  }
}

/**
 * Runs `body` in one transaction over `storeNames`; resolves with `result()` once it has committed,
 * rejects with the raw failure (thrown by the body, by a request callback, or the transaction's error) after it rolled back.
 */
export function transact<T>(
  db: IDBDatabase,
  storeNames: string[],
  mode: IDBTransactionMode,
  body: (scope: TransactionScope) => () => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      // 'relaxed': committed once the OS has the data; a tab crash or close keeps it, only a power cut may not.
      tx = mode === 'readwrite' ? db.transaction(storeNames, mode, { durability: 'relaxed' }) : db.transaction(storeNames, mode);
    } catch (error) {
      reject(error);
      return;
    }
    const scope = new TransactionScope(tx);
    let result: () => T = () => undefined as T;
    tx.oncomplete = () => {
      try {
        resolve(result());
      } catch (error) {
        reject(error);
      }
    };
    tx.onabort = () => reject(scope.error());
    try {
      result = body(scope);
    } catch (error) {
      scope.fail(error);
    }
  });
}

/** Opens (creating or upgrading) the library database; rejects with 'storage-unavailable' when IndexedDB cannot be used. */
export function openDatabase(factory: IDBFactory, name: string, version: number): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    let settled = false;
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (error) {
      reject(storageUnavailable(error));
      return;
    }
    request.onupgradeneeded = (event) => upgradeSchema(request.result, event.oldVersion, request.transaction!);
    request.onsuccess = () => {
      const db = request.result;
      if (settled) {
        db.close(); // the caller was already told it is blocked
        return;
      }
      settled = true;
      // Another tab wants a newer schema: let it have the database; our later calls fail with 'storage-unavailable'.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => {
      settled = true;
      reject(storageUnavailable(request.error));
    };
    request.onblocked = () => {
      settled = true;
      reject(
        new AffectscopeError(
          'storage-unavailable',
          'Another affectscope tab keeps an older version of the session library open: close the other tabs and reload this one.',
        ),
      );
    };
  });
}
