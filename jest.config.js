'use strict';
// One jest run, three projects: the LWCs (sfdx-lwc-jest on the .ts sources), the Node code
// (service, scripts, local console server, metadata checks, benchmarks run briefly) and the
// browser end-to-end tests.
const path = require('path');
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');
const { writeJestLabelModules } = require('./scripts/lib/labels');

// Labels resolve to their real English text in tests, so assertions read as the agent reads.
const LABEL_MODULES = path.join(__dirname, '.cache', 'jest-labels');
writeJestLabelModules(LABEL_MODULES);

const nodeTransform = {
    '^.+\\.ts$': [
        'babel-jest',
        {
            babelrc: false,
            configFile: false,
            presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript']
        }
    ]
};

module.exports = {
    testTimeout: 20000,
    projects: [
        {
            ...lwcJestConfig,
            displayName: 'lwc',
            rootDir: __dirname,
            roots: ['<rootDir>/force-app'],
            testMatch: ['<rootDir>/force-app/**/__tests__/**/*.test.ts'],
            moduleNameMapper: {
                // Platform modules that sfdx-lwc-jest does not stub, or that we stub more faithfully.
                '^lightning/platformUtilityBarApi$':
                    '<rootDir>/force-app/test/jest-mocks/lightning/platformUtilityBarApi',
                // Fires messages, errors and subscribe failures on demand (the stub can fire nothing).
                '^lightning/empApi$': '<rootDir>/force-app/test/jest-mocks/lightning/empApi',
                // Emits per operation with the v2 result shape { data, errors, refresh }.
                '^lightning/graphql$': '<rootDir>/force-app/test/jest-mocks/lightning/graphql',
                // A small fake console (tabs, tabInfo, tab events), navigation that records where it
                // went, a message service that delivers, and the platform's default-value encoding.
                '^lightning/platformWorkspaceApi$':
                    '<rootDir>/force-app/test/jest-mocks/lightning/platformWorkspaceApi',
                '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation',
                '^lightning/messageService$': '<rootDir>/force-app/test/jest-mocks/lightning/messageService',
                '^lightning/pageReferenceUtils$': '<rootDir>/force-app/test/jest-mocks/lightning/pageReferenceUtils',
                '^@salesforce/label/c\\.(.+)$': `${LABEL_MODULES}/$1.js`
            },
            setupFilesAfterEnv: [...(lwcJestConfig.setupFilesAfterEnv || []), '<rootDir>/force-app/test/jest-setup.ts'],
            testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.cache/']
        },
        {
            displayName: 'node',
            rootDir: __dirname,
            testEnvironment: 'node',
            roots: ['<rootDir>/service', '<rootDir>/scripts', '<rootDir>/local', '<rootDir>/bench'],
            testMatch: ['**/*.test.ts'],
            moduleFileExtensions: ['ts', 'js', 'json'],
            transform: nodeTransform
        },
        {
            displayName: 'e2e',
            rootDir: __dirname,
            testEnvironment: 'node',
            roots: ['<rootDir>/e2e'],
            // The console's bundle is compiled once here, not by each test file at once.
            globalSetup: '<rootDir>/e2e/globalSetup.ts',
            testMatch: ['**/*.test.ts'],
            moduleFileExtensions: ['ts', 'js', 'json'],
            transform: nodeTransform
        }
    ]
};
