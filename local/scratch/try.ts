import { buildConsoleBundle } from '../console/bundle';
buildConsoleBundle().then(
    (b) => console.log('ok', b.code.length, b.ms),
    (e) => {
        console.error('ERR', e.message, e.id || '');
        process.exit(1);
    }
);
