// Chat LLM seam: streamed text deltas and tool calls, cancellable by AbortSignal.

export interface LlmToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model wrote it; validate before use. */
  arguments: string;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface LlmTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: LlmTool[];
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export type LlmEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool-call'; call: LlmToolCall }
  | { type: 'usage'; promptTokens: number; completionTokens: number }
  | { type: 'done'; finishReason: string };

export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  stream(req: LlmRequest): AsyncIterable<LlmEvent>;
}
