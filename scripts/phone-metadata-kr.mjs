// Writes src/core/identifiers/phone-metadata-kr.json: libphonenumber-js's full ("max") metadata
// cut down to Korea (+82): about 1 KB in the app's bundle instead of the whole world's (the
// main chunk was 218 KB larger with it). Run after upgrading libphonenumber-js;
// src/core/identifiers/phone.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json');
const korea = { version: metadata.version, country_calling_codes: { 82: ['KR'] }, countries: { KR: metadata.countries.KR }, nonGeographic: {} };
writeFileSync(new URL('../src/core/identifiers/phone-metadata-kr.json', import.meta.url), `${JSON.stringify(korea)}\n`);
