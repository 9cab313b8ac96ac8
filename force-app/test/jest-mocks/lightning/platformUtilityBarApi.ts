// A controllable stand-in for lightning/platformUtilityBarApi (sfdx-lwc-jest ships none).
// Every method is a jest.fn resolving as the platform does; EnclosingUtilityId is a wire adapter
// that tests drive with EnclosingUtilityId.emit('utility-id').
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const EnclosingUtilityId = createTestWireAdapter(jest.fn());

export const open = jest.fn().mockResolvedValue(true);
export const minimize = jest.fn().mockResolvedValue(true);
export const getInfo = jest.fn().mockResolvedValue({});
export const getAllUtilityInfo = jest.fn().mockResolvedValue([]);
export const isUtilityPoppedOut = jest.fn().mockResolvedValue(false);
export const updateUtility = jest.fn().mockResolvedValue(true);
export const updatePanel = jest.fn().mockResolvedValue(true);
