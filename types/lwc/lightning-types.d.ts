// Base components and the few @salesforce/* modules that Salesforce publishes types for.
import '@salesforce/lightning-types';
