/**
 * The SMS edge: provider webhooks and sending, phone numbers, segments, opt-out, business hours,
 * and the provider simulator (./simulator). See docs/provider.md.
 */
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { ProviderConfig } from './config';
import { SmsEdge, type SmsEdgeOptions } from './edge';
import { TwilioProvider } from './twilio';
import type { ChannelDirectory, Clock, InboundRouting } from './types';

export * from './types';
export * from './errors';
export {
    loadProviderConfig,
    checkProviderConfig,
    PROVIDER_ENV,
    type ProviderConfig,
    type ProviderKind
} from './config';
export { normalisePhone, tryNormalisePhone, isCountryCode, type CountryCode } from './phone';
export { messageFacts, checkAgentMessage, MAX_AGENT_MESSAGE_LENGTH, type MessageFacts } from './messageFacts';
export { classifyKeyword, type Keyword, type KeywordKind } from './keywords';
export {
    parseBusinessHours,
    isOpenAt,
    type SalesforceBusinessHours,
    type BusinessHoursSchedule
} from './businessHours';
export { providerMigrations } from './migrations';
export { SmsEdge, INBOUND_PATH, STATUS_PATH, UNCONFIRMED_CODE, type SmsEdgeOptions, type InboundResult } from './edge';
export { TwilioProvider } from './twilio';
export { providerRoutes, type ProviderRoutesOptions } from './routes';
export { StaticDirectory, type StaticQueue } from './directory';
export { InMemoryRouting } from './memoryRouting';

/** Builds the SMS edge for a validated configuration (the Twilio-compatible provider for both kinds). */
export function createSmsEdge(
    config: ProviderConfig,
    deps: {
        db: Db;
        routing: InboundRouting;
        directory?: ChannelDirectory;
        clock?: Clock;
        logger?: Logger;
        onStatus?: SmsEdgeOptions['onStatus'];
    }
): { edge: SmsEdge; provider: TwilioProvider } {
    const provider = new TwilioProvider({
        accountSid: config.accountSid,
        authToken: config.authToken,
        apiBaseUrl: config.apiBaseUrl
    });
    const edge = new SmsEdge({ ...deps, config, provider });
    return { edge, provider };
}
