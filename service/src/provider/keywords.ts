/**
 * The carrier keywords a customer texts to a company number. The whole message must be the
 * keyword (case and surrounding white space ignored), as carriers and Twilio match them:
 * "stop" opts out, "Please stop texting me" is a message for the agent.
 */
export type KeywordKind = 'opt-out' | 'opt-in' | 'help';

const KEYWORDS: Readonly<Record<string, KeywordKind>> = {
    STOP: 'opt-out',
    STOPALL: 'opt-out',
    UNSUBSCRIBE: 'opt-out',
    CANCEL: 'opt-out',
    END: 'opt-out',
    QUIT: 'opt-out',
    START: 'opt-in',
    YES: 'opt-in',
    UNSTOP: 'opt-in',
    HELP: 'help',
    INFO: 'help'
};

export interface Keyword {
    kind: KeywordKind;
    /** The keyword as matched, upper case (STOP, START…). */
    keyword: string;
}

export function classifyKeyword(body: string): Keyword | undefined {
    const word = body.trim().toUpperCase();
    const kind = Object.prototype.hasOwnProperty.call(KEYWORDS, word) ? KEYWORDS[word] : undefined;
    return kind ? { kind, keyword: word } : undefined;
}
