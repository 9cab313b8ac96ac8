/** lightning/platformShowToastEvent in the local console: the shell shows the toast. */
export class ShowToastEvent extends CustomEvent<Record<string, unknown>> {
    constructor(params: Record<string, unknown>) {
        super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: params });
    }
}
