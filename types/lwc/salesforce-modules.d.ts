// Scoped modules the LWC compiler resolves at build time on the platform (and the jest
// transformer / local console resolve their own way). Shapes from the LWC developer guide.

declare module '@salesforce/label/*' {
    const label: string;
    export default label;
}

declare module '@salesforce/customPermission/*' {
    /** true when the running user holds the custom permission, otherwise undefined. */
    const hasPermission: boolean | undefined;
    export default hasPermission;
}

declare module '@salesforce/schema/*' {
    const reference: { objectApiName: string; fieldApiName: string };
    export default reference;
}

declare module '@salesforce/user/Id' {
    const userId: string;
    export default userId;
}

declare module '@salesforce/messageChannel/*' {
    /** A Lightning message channel (the console's lightning__tab* channels among them). */
    const channel: unknown;
    export default channel;
}

declare module '@salesforce/i18n/timeZone' {
    /** The user's time zone (IANA name, e.g. America/Los_Angeles). */
    const timeZone: string;
    export default timeZone;
}

declare module '@salesforce/i18n/locale' {
    /** The user's locale (e.g. en-US). */
    const locale: string;
    export default locale;
}
