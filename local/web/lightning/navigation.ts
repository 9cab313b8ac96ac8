/** lightning/navigation in the local console: navigating opens the page in a console tab. */
import { constantAdapter, workspace } from 'console/runtime';
import type { PageReference } from 'console/runtime';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const CurrentPageReference = constantAdapter({
    type: 'standard__navItemPage',
    attributes: { apiName: 'SMS_Console' }
});

// TypeScript requires a mixin's base constructor to take `...args: any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = new (...args: any[]) => object;

function mixin<B extends Constructor>(Base: B): B {
    return class extends Base {
        [Navigate](pageReference: PageReference): void {
            workspace.open(pageReference, true);
        }
        [GenerateUrl](pageReference: PageReference): Promise<string> {
            const id = pageReference.attributes?.recordId;
            return Promise.resolve(typeof id === 'string' ? `/lightning/r/${id}/view` : '/lightning/page/home');
        }
    };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });
