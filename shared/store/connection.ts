/**
 * Building storage clients from one connection string (`AzureWebJobsStorage` in Azure, Azurite's
 * in development and tests), and turning their failures into the app's errors.
 *
 * Why a helper: the two SDKs disagree on plain http. `@azure/data-tables` refuses http unless
 * `allowInsecureConnection` is set; we set it only for loopback endpoints (Azurite), so a
 * production connection string that says http by mistake fails loudly instead of sending data in
 * clear. Connection-string format:
 * https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 */
import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { QueueServiceClient, isRestError, type StoragePipelineOptions } from '@azure/storage-queue';
import { ConflictError, NotFoundError, StorageError, errorMessage, type AppError } from '../errors.js';
import { redact } from '../logger.js';

/** Splits `Key=Value;Key=Value` (values may contain `=`, as base64 keys do). Keys are case-insensitive. */
export function parseConnectionString(connectionString: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for Azurite: `UseDevelopmentStorage=true`, or an http endpoint on a loopback address. */
export function isLocalEmulator(connectionString: string, service: 'table' | 'queue'): boolean {
  const parts = parseConnectionString(connectionString);
  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') return true;
  const endpoint = parts.get(`${service}endpoint`);
  if (!endpoint) return false;
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

function tableOptions(connectionString: string, options: TableServiceClientOptions = {}): TableServiceClientOptions {
  return { allowInsecureConnection: isLocalEmulator(connectionString, 'table'), ...options };
}

/** A TableClient for one table. Throws StorageError (without the key) on a malformed string. */
export function createTableClient(
  connectionString: string,
  tableName: string,
  options?: TableServiceClientOptions,
): TableClient {
  return guardConstruction(connectionString, () =>
    TableClient.fromConnectionString(connectionString, tableName, tableOptions(connectionString, options)),
  );
}

export function createTableServiceClient(
  connectionString: string,
  options?: TableServiceClientOptions,
): TableServiceClient {
  return guardConstruction(connectionString, () =>
    TableServiceClient.fromConnectionString(connectionString, tableOptions(connectionString, options)),
  );
}

export function createQueueServiceClient(
  connectionString: string,
  options?: StoragePipelineOptions,
): QueueServiceClient {
  return guardConstruction(connectionString, () => QueueServiceClient.fromConnectionString(connectionString, options));
}

function guardConstruction<C>(connectionString: string, build: () => C): C {
  try {
    return build();
  } catch (err) {
    throw new StorageError(`Storage connection string is not usable: ${scrub(errorMessage(err), connectionString)}`);
  }
}

/**
 * Removes anything secret from a message: the account key and SAS signature of the connection
 * string, any `sig=`/`AccountKey=` fragment, and every value registered with the logger.
 */
export function scrub(text: string, connectionString?: string): string {
  let out = text;
  if (connectionString) {
    const parts = parseConnectionString(connectionString);
    for (const secret of [parts.get('accountkey'), parts.get('sharedaccesssignature')]) {
      if (secret) out = out.split(secret).join('[redacted]');
    }
  }
  out = out.replace(/(AccountKey=)[^;\s]+/gi, '$1[redacted]').replace(/([?&]sig=)[^&\s]+/gi, '$1[redacted]');
  return redact(out);
}

/** HTTP status (0 when no answer: refused, DNS, timeout) and service error code of a failure. */
export function storageFailure(err: unknown): { status: number; code: string | undefined } {
  if (isRestError(err)) return { status: err.statusCode ?? 0, code: err.code };
  return { status: 0, code: undefined };
}

export interface FailureContext {
  /** What was being done, for the message: `insert into OffboardingCases`. */
  action: string;
  connectionString?: string;
  /** Map 409 (insert of an existing entity) and 412 (ETag mismatch) to ConflictError. */
  conflicts?: boolean;
  /** Map 404 to NotFoundError. */
  notFound?: boolean;
}

/**
 * One mapping from SDK failures to the app's errors. The SDK's own error is not attached as
 * `cause`: it carries the request (URL, headers), and a log that prints causes must not get it.
 */
export function toAppError(err: unknown, ctx: FailureContext): AppError {
  const { status, code } = storageFailure(err);
  const detail = scrub(firstLine(errorMessage(err)), ctx.connectionString);
  if (ctx.conflicts && (status === 409 || status === 412)) {
    return new ConflictError(
      `${ctx.action}: ${status === 412 ? 'the entity changed since it was read (ETag mismatch)' : 'the entity already exists'}`,
    );
  }
  if (ctx.notFound && status === 404) return new NotFoundError(`${ctx.action}: not found`);
  const what = status === 0 ? `no answer (${code ?? 'network error'})` : `HTTP ${status}${code ? ` ${code}` : ''}`;
  return new StorageError(`Storage: ${ctx.action} failed: ${what}: ${detail}`);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
