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
