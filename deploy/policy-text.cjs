// The policy file's text, as is, for the SSM parameter serverless.yml creates: `${file(x.yml)}` would
// parse the YAML into an object, and the bot hashes and records the exact text of each version.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

module.exports = async ({ resolveVariable }) =>
  readFileSync(resolve(__dirname, '..', await resolveVariable('param:policyFile')), 'utf8');
