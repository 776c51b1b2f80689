/**
 * The one helper that makes a call to another context: it sends a message of the direction's
 * schema (protocol/messages.ts) and unwraps the `Result` the receiver answers, so callers get the
 * call's typed value or an Error, and never cast. No zod here: the content script uses it too.
 */
import type { Result } from './messages';

/**
 * Makes calls of one direction over `send` (runtime.sendMessage, or tabs.sendMessage to a tab);
 * `receiver` names the other side in the error when nothing answers.
 */
export function caller<M extends { type: string }, R extends { [T in M['type']]: unknown }>(send: (message: M) => Promise<unknown>, receiver: string) {
  /** Sends `message`; resolves to its answer's value, rejects with its error (or when none came). */
  return async <T extends M['type']>(message: M & { type: T }): Promise<R[T]> => {
    const answer = (await send(message)) as Result<R[T]> | undefined;
    if (!answer) throw new Error(`${receiver} did not answer`);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  };
}

/**
 * Runs the call a validated message names, on the receiving side: `calls` implements every call
 * of the direction with its declared answer type, so the compiler holds each handler to the contract.
 */
export function dispatch<M extends { type: string }, R extends { [T in M['type']]: unknown }, C>(
  calls: { [T in M['type']]: (message: Extract<M, { type: T }>, context: C) => Promise<R[T]> },
  message: M,
  context: C,
): Promise<R[M['type']]> {
  const call = calls[message.type as M['type']] as (message: M, context: C) => Promise<R[M['type']]>;
  return call(message, context);
}
