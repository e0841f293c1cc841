/**
 * `TypedQueue<T>`: a storage queue whose messages are JSON of type T, validated with zod.
 *
 * Encoding: JSON, then **base64** of its UTF-8 bytes. That is what the Azure Functions queue
 * trigger decodes by default (host.json `extensions.queues.messageEncoding`, default `base64`);
 * a plain-text message would fail in the trigger and end in the poison queue.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 * Poison: after `maxDequeueCount` (default 5) failed runs the trigger moves a message to
 * `<queue>-poison`; `poisonQueue()` names that queue and `moveToPoison` does the same for the
 * local host that emulates the trigger.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import type { QueueClient, QueueServiceClient, StoragePipelineOptions } from '@azure/storage-queue';
import type { z } from 'zod';
import { ValidationError, errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { createQueueServiceClient, storageFailure, toAppError } from './connection.js';
import { formatIssues } from './document.js';

/** Every queue the app uses. The trigger bindings in functions/ must name these same queues. */
export const QUEUE_NAMES = {
  /** Graph change notifications, persisted by the webhook before it answers 202. */
  graphNotifications: 'graph-notifications',
  /** Slow work handed off by the bot and the use-cases (offboarding steps, proactive replies). */
  offboardingWork: 'offboarding-work',
  /** Bot commands slower than Teams' deadline, answered later by a queue trigger (bot/follow-up.ts). */
  botFollowUps: 'bot-follow-ups',
} as const;
export type QueueId = keyof typeof QUEUE_NAMES;

export const POISON_SUFFIX = '-poison';
/** A queue message is at most 64 KiB; base64 makes the JSON a third larger, so about 48 KiB of JSON fits. */
export const MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * Client options for a caller with a deadline, such as the Graph webhook (answer within 3 s, 5xx
 * when the notification could not be persisted). The SDK default retries for up to ~30 s
 * (4 tries from a 4 s delay), long past that budget.
 */
export const FAIL_FAST_QUEUE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 300, tryTimeoutInMs: 1_000 },
};

// 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
// https://learn.microsoft.com/rest/api/storageservices/naming-queues-and-metadata
const QUEUE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function assertQueueName(name: string): void {
  if (!QUEUE_NAME.test(name)) {
    throw new ValidationError(
      `"${name}" is not a valid queue name (3-63 lowercase letters, digits and single hyphens)`,
    );
  }
}

interface Envelope {
  messageId: string;
  popReceipt: string;
  /** 1 on first delivery; the trigger gives up at `maxDequeueCount`. */
  dequeueCount: number;
  insertedOn: Date;
  nextVisibleOn: Date;
  /** The decoded (from base64) message text, kept so an invalid message can be moved to poison as is. */
  text: string;
}
/** A received message: decoded and valid (`ok`), or with the ValidationError explaining why not. */
export type ReceivedMessage<T> = Envelope & ({ ok: true; body: T } | { ok: false; error: ValidationError });

export interface TypedQueueOptions<T> {
  schema: z.ZodType<T>;
  logger?: Logger;
}

export class TypedQueue<T> {
  private readonly client: QueueClient;
  private readonly log: Logger;
  private ensured: Promise<void> | undefined;
  private poison: TypedQueue<T> | undefined;

  /** `connectionString` is used only to scrub its key out of error messages. */
  constructor(
    private readonly service: QueueServiceClient,
    readonly name: string,
    private readonly options: TypedQueueOptions<T>,
    private readonly connectionString?: string,
  ) {
    assertQueueName(name);
    this.client = service.getQueueClient(name);
    this.log = (options.logger ?? silentLogger).child({ queue: name });
  }

  static fromConnectionString<T>(
    connectionString: string,
    name: string,
    options: TypedQueueOptions<T> & { clientOptions?: StoragePipelineOptions },
  ): TypedQueue<T> {
    return new TypedQueue(
      createQueueServiceClient(connectionString, options.clientOptions),
      name,
      options,
      connectionString,
    );
  }

  /** Creates the queue if missing, once per instance (a failure is retried on the next call). */
  ensure(): Promise<void> {
    this.ensured ??= this.client.createIfNotExists().then(
      () => undefined,
      (err: unknown) => {
        this.ensured = undefined;
        throw this.fail(err, 'create queue');
      },
    );
    return this.ensured;
  }

  /** Validates, encodes and enqueues. `visibilityTimeoutSeconds` delays delivery (a retry later). */
  async send(
    message: T,
    options: { visibilityTimeoutSeconds?: number; timeToLiveSeconds?: number } = {},
  ): Promise<{ messageId: string }> {
    const text = this.encode(message);
    await this.ensure();
    try {
      const res = await this.client.sendMessage(text, {
        visibilityTimeout: options.visibilityTimeoutSeconds,
        messageTimeToLive: options.timeToLiveSeconds,
      });
      return { messageId: res.messageId };
    } catch (err) {
      throw this.fail(err, 'send');
    }
  }

  /**
   * Dequeues up to `max` (1-32) messages, hiding them for `visibilityTimeoutSeconds`. An invalid
   * message is returned with `ok: false` rather than thrown, so one bad message cannot block the
   * others: the caller deletes or poisons it.
   */
  async receive(max = 1, visibilityTimeoutSeconds = 30): Promise<ReceivedMessage<T>[]> {
    if (!Number.isInteger(max) || max < 1 || max > 32) throw new ValidationError('receive: max must be 1-32');
    if (
      !Number.isInteger(visibilityTimeoutSeconds) ||
      visibilityTimeoutSeconds < 1 ||
      visibilityTimeoutSeconds > 604_800
    ) {
      throw new ValidationError('receive: visibilityTimeoutSeconds must be 1-604800 (the service refuses 0)');
    }
    await this.ensure();
    let items;
    try {
      items = (
        await this.client.receiveMessages({ numberOfMessages: max, visibilityTimeout: visibilityTimeoutSeconds })
      ).receivedMessageItems;
    } catch (err) {
      throw this.fail(err, 'receive');
    }
    return items.map((item) => {
      const envelope = {
        messageId: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
        insertedOn: item.insertedOn,
        nextVisibleOn: item.nextVisibleOn,
      };
      let text = item.messageText;
      try {
        text = decodeBase64(item.messageText);
        return { ...envelope, text, ok: true as const, body: this.parseText(text) };
      } catch (err) {
        const error = err instanceof ValidationError ? err : new ValidationError(errorMessage(err));
        this.log.warn('invalid queue message', {
          messageId: item.messageId,
          dequeueCount: item.dequeueCount,
          reason: error.message,
        });
        return { ...envelope, text, ok: false as const, error };
      }
    });
  }

  /** Deletes a received message. False when it is already gone or was re-delivered to someone
   * else (its pop receipt no longer matches). */
  async delete(message: { messageId: string; popReceipt: string }): Promise<boolean> {
    try {
      await this.client.deleteMessage(message.messageId, message.popReceipt);
      return true;
    } catch (err) {
      const { status } = storageFailure(err);
      if (status === 404 || status === 400) return false; // MessageNotFound / PopReceiptMismatch
      throw this.fail(err, 'delete');
    }
  }

  /** What the Functions host does after `maxDequeueCount`: copy to `<name>-poison`, delete here. */
  async moveToPoison(message: ReceivedMessage<T>): Promise<void> {
    const poison = this.poisonQueue();
    await poison.ensure();
    try {
      await poison.client.sendMessage(Buffer.from(message.text, 'utf8').toString('base64'));
    } catch (err) {
      throw this.fail(err, 'move to poison');
    }
    await this.delete(message);
  }

  /** The `<name>-poison` queue, same message type (its messages may be the invalid ones). */
  poisonQueue(): TypedQueue<T> {
    this.poison ??= new TypedQueue(this.service, `${this.name}${POISON_SUFFIX}`, this.options, this.connectionString);
    return this.poison;
  }

  /** Approximate number of messages (visible or not); the service may over-count. */
  async approximateCount(): Promise<number> {
    await this.ensure();
    try {
      return (await this.client.getProperties()).approximateMessagesCount ?? 0;
    } catch (err) {
      throw this.fail(err, 'get properties');
    }
  }

  /** Validates a message body; for trigger handlers, which get the body already decoded. */
  parse(body: unknown): T {
    const parsed = this.options.schema.safeParse(body);
    if (!parsed.success)
      throw new ValidationError(`Queue ${this.name}: message does not match its schema`, formatIssues(parsed.error));
    return parsed.data;
  }

  /** The exact text `send` would enqueue: base64 of the UTF-8 JSON. */
  encode(message: T): string {
    const text = Buffer.from(JSON.stringify(this.parse(message)), 'utf8').toString('base64');
    if (text.length > MAX_MESSAGE_CHARS) {
      throw new ValidationError(
        `Queue ${this.name}: message is ${text.length} characters encoded; the limit is ${MAX_MESSAGE_CHARS} (64 KiB)`,
      );
    }
    return text;
  }

  /** Decodes and validates queue text; ValidationError if it is not base64 JSON of a valid T. */
  decode(queueText: string): T {
    return this.parseText(decodeBase64(queueText));
  }

  private parseText(text: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ValidationError(`Queue ${this.name}: message is not JSON`);
    }
    return this.parse(json);
  }

  private fail(err: unknown, action: string) {
    return toAppError(err, { action: `${action} on queue ${this.name}`, connectionString: this.connectionString });
  }
}

function decodeBase64(text: string): string {
  if (!BASE64.test(text))
    throw new ValidationError('Queue message is not base64 (the Functions trigger expects base64)');
  try {
    return utf8.decode(Buffer.from(text, 'base64'));
  } catch {
    throw new ValidationError('Queue message is base64 but not UTF-8 text');
  }
}

/** A TypedQueue for each name in QUEUE_NAMES, sharing one service client. */
export function createQueues<S extends { [K in QueueId]: z.ZodType }>(
  connectionString: string,
  schemas: S,
  options: { logger?: Logger; clientOptions?: StoragePipelineOptions } = {},
): { [K in QueueId]: TypedQueue<z.output<S[K]>> } {
  const service = createQueueServiceClient(connectionString, options.clientOptions);
  // The cast only restates S[K] as "a schema whose output is z.output<S[K]>", which TS cannot see generically.
  const open = <K extends QueueId>(id: K) =>
    new TypedQueue(
      service,
      QUEUE_NAMES[id],
      { schema: schemas[id] as z.ZodType<z.output<S[K]>>, logger: options.logger },
      connectionString,
    );
  return {
    graphNotifications: open('graphNotifications'),
    offboardingWork: open('offboardingWork'),
    botFollowUps: open('botFollowUps'),
  };
}
