'use strict';
// Reads every custom label file of the package (the package may split its labels over several
// *.labels-meta.xml files; the Salesforce CLI merges them on conversion) and returns
// { fullName: value }. Plain JavaScript so that jest.config.js can call it before any transform.
const fs = require('fs');
const path = require('path');
const { XMLParser } = require('fast-xml-parser');

const LABELS_DIR = path.join(__dirname, '..', '..', 'force-app', 'main', 'default', 'labels');

function readLabels(dir = LABELS_DIR) {
    const parser = new XMLParser({ isArray: (name) => name === 'labels', parseTagValue: false, trimValues: false });
    const labels = {};
    if (!fs.existsSync(dir)) {
        return labels;
    }
    for (const file of fs.readdirSync(dir).sort()) {
        if (!file.endsWith('.labels-meta.xml')) continue;
        const doc = parser.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        for (const label of (doc.CustomLabels && doc.CustomLabels.labels) || []) {
            if (Object.prototype.hasOwnProperty.call(labels, label.fullName)) {
                throw new Error(`Custom label ${label.fullName} is defined twice (second time in ${file})`);
            }
            labels[label.fullName] = String(label.value);
        }
    }
    return labels;
}

/** Writes one CommonJS module per label so jest can map `@salesforce/label/c.X` to its English text. */
function writeJestLabelModules(outDir) {
    const labels = readLabels();
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    for (const [name, value] of Object.entries(labels)) {
        fs.writeFileSync(
            path.join(outDir, `${name}.js`),
            `module.exports = { __esModule: true, default: ${JSON.stringify(value)} };\n`
        );
    }
    return labels;
}

module.exports = { readLabels, writeJestLabelModules, LABELS_DIR };
