/**
 * Teams waits about 15 s for the bot to answer an activity; the reply must be sent inside that.
 * `withinDeadline` resolves with the work's result if it is done in time, or with `undefined` at
 * the deadline, leaving the work to the caller (on-message.ts cancels it and queues a follow-up).
 * The timer is cleared as soon as the work ends, so nothing lingers.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages#best-practices
 */
export const DEFAULT_DEADLINE_MS = 10_000;

export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
