'use strict';
// Components: the Salesforce LWC rules (TypeScript preset) plus typescript-eslint.
// Node code (service, scripts, local console server, tests, benchmarks): typescript-eslint.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const globals = require('globals');

const LWC_FILES = ['force-app/**/*.ts'];

module.exports = tseslint.config(
    {
        ignores: [
            'node_modules/**',
            '.cache/**',
            '.sf/**',
            '.sfdx/**',
            'coverage/**',
            'dist/**',
            'var/**',
            '**/build/**',
            // Emitted by `npm run build` from the .ts sources.
            'force-app/main/default/lwc/**/*.js'
        ]
    },
    // Salesforce's LWC rules, parsed by typescript-eslint instead of the preset's Babel parser
    // (which misreads type assertions and type-only names).
    ...lwcConfig.configs.recommendedTs.map((config) => {
        const scoped = { ...config, files: LWC_FILES };
        if (config.languageOptions) {
            scoped.languageOptions = {
                ...config.languageOptions,
                parser: tseslint.parser,
                parserOptions: { ecmaVersion: 'latest', sourceType: 'module' }
            };
        }
        return scoped;
    }),
    ...tseslint.configs.recommended.map((config) => ({ ...config, files: LWC_FILES })),
    {
        files: LWC_FILES,
        rules: {
            // TypeScript checks names; the base rules misread type-only names.
            'no-undef': 'off',
            'no-unused-vars': 'off'
        }
    },
    {
        files: ['**/*.ts'],
        ignores: LWC_FILES,
        extends: [js.configs.recommended, ...tseslint.configs.recommended],
        languageOptions: { globals: { ...globals.node } }
    },
    {
        files: ['**/*.ts'],
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
        }
    },
    {
        files: ['**/__tests__/**/*.ts', 'force-app/test/**/*.ts'],
        languageOptions: { globals: { ...globals.jest, ...globals.node } },
        rules: {
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
        }
    },
    {
        files: ['**/*.js'],
        ignores: ['force-app/**'],
        extends: [js.configs.recommended],
        languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
    }
);
