// Spanish for a vertical template's services and FAQ, keyed by the English entry it translates, so
// the English template stays the one source of names, durations and prices: a Spanish caller who
// asks for "una limpieza" books the template's "Cleaning".

export interface SpanishEntry {
  /** How the receptionist says it in Spanish ("Reparación de calefacción"). */
  name: string;
  /** Words a Spanish-speaking caller might use for it, accents optional ("calefaccion" = "calefacción"). */
  keywords: string[];
}

export interface SpanishFaq {
  question: string;
  answer: string;
  keywords: string[];
}

export interface SpanishTemplate {
  /** By the English service name. */
  services: Record<string, SpanishEntry>;
  /** By the English FAQ question. */
  faq: Record<string, SpanishFaq>;
  greeting: string;
  /** Words to boost in Spanish speech recognition, as the English template's asrKeywords. */
  asrKeywords: string[];
}
