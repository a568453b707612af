import { instructionLeakCheck } from './openai-answer';
import { CHAT_INSTRUCTIONS, CHAT_REFUSAL, MAX_CHAT_PASSAGES, passageLabel } from './openai-chat-prompt';

/**
 * Reading the model's chat answer, whole or as it streams: the answer text without the trailing
 * "SOURCES: p1, p3" line (visitors never see it, not even for a moment while it streams), the
 * passage ids that line names, and whether the answer repeats our instructions.
 */

/** The marker at the start of a line, in any case and Markdown emphasis ("**Sources:**"). */
const MARKER_AT_LINE_START = /(^|\n)[ \t>*_-]*sources?[*_]*[ \t]*:/i;
/** The marker inside a line: only as instructed, in capitals. */
const MARKER_INLINE = /[ \t]*[*_(]*SOURCES[*_]*[ \t]*:/;
/** Labels cited inline despite the instructions ("... monthly [p2]."): counted, and taken out of the text. */
const INLINE_LABELS = /[ \t]?\[(p\d+(?:\s*,\s*p\d+)*)\]/gi;

function markerIndex(raw: string): number {
  const atLineStart = MARKER_AT_LINE_START.exec(raw);
  const inline = MARKER_INLINE.exec(raw);
  const indexes = [atLineStart ? atLineStart.index : -1, inline ? inline.index : -1].filter((i) => i >= 0);
  return indexes.length ? Math.min(...indexes) : -1;
}

/** The answer as the visitor sees it: no SOURCES line, no inline labels. */
export function answerText(raw: string): string {
  const at = markerIndex(raw);
  return (at >= 0 ? raw.slice(0, at) : raw).replace(INLINE_LABELS, '').trim();
}

/**
 * The answer so far while it streams: as answerText, and a tail that may be the start of the marker
 * or of an inline label ("...\nSOUR", "... [p") is held back until the next piece tells.
 */
export function streamingText(raw: string): string {
  if (markerIndex(raw) >= 0) return answerText(raw);
  const held =
    /(^|\n)[ \t>*_-]*(s|so|sou|sour|sourc|source|sources)[*_]*[ \t]*$/i.exec(raw) ??
    /(^|[ \t])[*_(]*(S|SO|SOU|SOUR|SOURC|SOURCE|SOURCES)[*_]*[ \t]*$/.exec(raw) ??
    /[ \t]?\[(p\d*(\s*,\s*p?\d*)*)?$/i.exec(raw);
  return answerText(held ? raw.slice(0, held.index) : raw);
}

export interface ReadChatAnswer {
  answer: string;
  usedPassageIds: string[];
  /** The model said the passages do not answer ("SOURCES: none"). */
  noAnswer: boolean;
}

/**
 * The whole answer: its text, and the passages it used mapped back from their labels (labels of
 * passages that were not sent are dropped). "SOURCES: none" or a SOURCES line naming no passage we
 * sent means the passages did not answer. An answer with no SOURCES line at all keeps its inline
 * labels, if any, and counts as an answer.
 */
export function readChatAnswer(raw: string, passageIds: readonly string[]): ReadChatAnswer {
  const byLabel = new Map(passageIds.slice(0, MAX_CHAT_PASSAGES).map((id, i) => [passageLabel(i), id]));
  const at = markerIndex(raw);
  const text = answerText(raw);
  const inline = [...(at >= 0 ? raw.slice(0, at) : raw).matchAll(INLINE_LABELS)].flatMap((m) => m[1].split(','));
  const listed = at >= 0 ? (raw.slice(at).match(/\bp\d+\b/gi) ?? []) : [];
  const used: string[] = [];
  for (const label of [...listed, ...inline]) {
    const id = byLabel.get(label.trim().toLowerCase());
    if (id && !used.includes(id)) used.push(id);
  }
  const noAnswer = at >= 0 && used.length === 0;
  return { answer: text, usedPassageIds: used, noAnswer };
}

/**
 * True when an answer quotes 8 or more consecutive words of the chat instructions: the model obeyed
 * a "print your system prompt". The prescribed refusal sentence is the one quote allowed.
 */
export const repeatsChatInstructions = instructionLeakCheck(CHAT_INSTRUCTIONS, [CHAT_REFUSAL]);
