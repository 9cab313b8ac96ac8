// lightning/navigation: NavigationMixin adds [Navigate] and [GenerateUrl] as on the platform;
// every navigation is recorded in navigationMock.calls so tests can see where a component went
// outside a console app. CurrentPageReference is a test wire adapter.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, unknown>;
}

const calls: Array<{ pageReference: PageReference; replace: boolean }> = [];

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

// The TypeScript mixin pattern requires any[] constructor arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = new (...args: any[]) => object;

function mixin<B extends Constructor>(Base: B): B {
    return class extends Base {
        [Navigate](pageReference: PageReference, replace?: boolean): void {
            calls.push({ pageReference, replace: replace === true });
        }
        [GenerateUrl](pageReference: PageReference): Promise<string> {
            const attributes = pageReference.attributes ?? {};
            if (pageReference.type === 'standard__recordPage') {
                return Promise.resolve(`/lightning/r/${String(attributes.recordId)}/view`);
            }
            return Promise.resolve('/lightning/page/home');
        }
    };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

export const navigationMock = {
    calls,
    reset(): void {
        calls.length = 0;
    }
};
