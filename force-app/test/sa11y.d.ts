// Brings @sa11y/jest's `toBeAccessible` matcher type into the tests (jest-setup.ts registers it).
import '@sa11y/jest';
