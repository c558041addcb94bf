import type { ErrorEnvelope } from "../http/route";
import type { Verb } from "./vessel-info-input";

/** Seed 001's answer: `{ success, message, data }`. */
export type SeedReply = { status: number; body: { success: boolean; message: string; data: unknown } };

export const seedResponse = (reply: SeedReply): Response => Response.json(reply.body, { status: reply.status, headers: { "cache-control": "no-store" } });

/**
 * Failures in seed 001's envelope (`{ success: false, message, data: null }`) with our code, request
 * id and field details beside it. A refusal by role or scope says what the seed says ("没有权限创建
 * 船舶额外信息"), and why in `details.reason`.
 */
export function vesselInfoErrors(verb: Verb): ErrorEnvelope {
  return ({ status, body }) => {
    const { code, message, details, requestId } = body.error;
    const forbidden = code === "FORBIDDEN";
    return {
      status,
      body: {
        success: false,
        message: forbidden ? `没有权限${verb}船舶额外信息` : message,
        data: null,
        code,
        ...(forbidden ? { details: { ...details, reason: message } } : details ? { details } : {}),
        request_id: requestId,
      },
    };
  };
}
