export {
    startSimulator,
    noFaults,
    type Simulator,
    type SimulatorOptions,
    type SimMessage,
    type SimStatus,
    type SimDirection,
    type Faults,
    type CreateFault,
    type SimulatorEvent
} from './simulator';
export { twilioSignature } from './signature';
