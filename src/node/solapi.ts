/**
 * The local host's side of sending SMS (issue 24): the secret from the environment
 * (`SOLAPI_API_KEY`, `SOLAPI_API_SECRET`, never from a cell or a flag, so it never lands in the
 * workbook, the shell's history or the output), the API base (`PEACH_SOLAPI_URL`, for tests and
 * a self-hosted relay), node:crypto's HMAC and node's fetch.
 */
import { createHmac } from "node:crypto";
import { SOLAPI_BASE_URL, type HttpAnswer, type SmsGateway, type SmsRequest } from "../app/sms";

export function envGateway(env: NodeJS.ProcessEnv = process.env): SmsGateway {
  const apiKey = env.SOLAPI_API_KEY?.trim() ?? "";
  const apiSecret = env.SOLAPI_API_SECRET?.trim() ?? "";
  return {
    credentials: apiKey && apiSecret ? { apiKey, apiSecret } : null,
    baseUrl: env.PEACH_SOLAPI_URL?.trim() || SOLAPI_BASE_URL,
    hmacSha256Hex: (key, data) => createHmac("sha256", key).update(data, "utf8").digest("hex"),
    signedAt: () => new Date(),
  };
}

/** One request, answered or not: a network failure is an answer too (the message stays due). */
export async function post(request: SmsRequest, timeoutMs = 30_000): Promise<HttpAnswer> {
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error instanceof Error ? error.name : "연결 실패") };
  }
}
