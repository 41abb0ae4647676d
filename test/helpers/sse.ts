/**
 * Reads a `text/event-stream` response body (graphql-yoga's SSE subscriptions): each event's
 * `data:` lines joined and parsed as JSON, handed to `onMessage` in order. Resolves when the
 * stream ends; rejects when it is aborted or fails (callers that abort catch it).
 */
export async function readSseMessages(body: ReadableStream<Uint8Array>, onMessage: (message: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    const parts = text.split('\n\n');
    text = parts.pop()!;
    for (const part of parts) {
      const data = part
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5))
        .join('');
      if (data) onMessage(JSON.parse(data));
    }
  }
}

/** An event as the stream suites select it (`events { id type subject organizationId }`), over SSE or graphql-ws. */
export interface ReceivedEvent {
  id: string;
  type: string;
  subject: string | null;
  organizationId: string | null;
}
