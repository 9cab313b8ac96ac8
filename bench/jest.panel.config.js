'use strict';
// `npm run bench:panel`: the panel benchmark through jest, with the component project's setup
// (LWC transform, platform mocks, labels) and nothing else.
const path = require('path');
const root = require('../jest.config.js');

const lwc = root.projects.find((project) => project.displayName === 'lwc');

module.exports = {
    ...lwc,
    displayName: 'bench:panel',
    rootDir: path.join(__dirname, '..'),
    testMatch: ['<rootDir>/force-app/test/bench/panel.bench.ts'],
    testTimeout: 30 * 60 * 1000
};
