// Extracts person names and street/city data from @faker-js/faker (MIT, https://fakerjs.dev) into
// faker_people.json, which make_pii_corpus.py reads to build the person_name and address lines.
// It installs nothing; point it at a folder where @faker-js/faker 10.6.0 is installed:
//   npm install --prefix /tmp/fk @faker-js/faker@10.6.0
//   node extract_faker_people.mjs /tmp/fk          (writes faker_people.json next to this script)
// A locale's missing definitions fall back to its language's (es_MX -> es, en_GB -> en), as faker does.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: node extract_faker_people.mjs <npm prefix holding @faker-js/faker>');
  process.exit(2);
}
const pkgDir = join(prefix, 'node_modules', '@faker-js', 'faker');
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
const { allLocales } = await import(pathToFileURL(join(pkgDir, 'dist', 'index.js')).href);

const LOCALES = ['es', 'es_MX', 'pt_BR', 'pt_PT', 'en_US', 'en_GB', 'en_AU'];
const uniq = (a) => [...new Set(a.filter((s) => typeof s === 'string' && s.trim() !== ''))].sort();
// a person definition is a list or an object of lists (female, male, generic)
const flat = (v) => (v == null ? [] : Array.isArray(v) ? v : Object.values(v).flat());

function chain(loc) {
  const c = [allLocales[loc]];
  const lang = loc.split('_')[0];
  if (lang !== loc && allLocales[lang]) c.push(allLocales[lang]);
  return c;
}

function first(loc, section, key) {
  for (const d of chain(loc)) {
    if (d[section] && d[section][key] != null) return d[section][key];
  }
  return null;
}

const out = {
  source: `@faker-js/faker ${version} (MIT License, https://github.com/faker-js/faker), extracted by extract_faker_people.mjs`,
  locales: {},
};
for (const loc of LOCALES) {
  out.locales[loc] = {
    first_names: uniq(flat(first(loc, 'person', 'first_name'))),
    last_names: uniq(flat(first(loc, 'person', 'last_name'))),
    street_names: uniq(flat(first(loc, 'location', 'street_name'))),
    street_suffixes: uniq(flat(first(loc, 'location', 'street_suffix'))),
    street_prefixes: uniq(flat(first(loc, 'location', 'street_prefix'))),
    street_name_parts: uniq(flat(first(loc, 'location', 'street_name_part'))),
    city_names: uniq(flat(first(loc, 'location', 'city_name'))),
    states: uniq(flat(first(loc, 'location', 'state'))),
  };
}
const target = join(dirname(fileURLToPath(import.meta.url)), 'faker_people.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
for (const [loc, d] of Object.entries(out.locales)) {
  console.log(loc, Object.entries(d).map(([k, v]) => `${k}=${v.length}`).join(' '));
}
