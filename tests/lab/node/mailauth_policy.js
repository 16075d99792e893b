#!/usr/bin/env node
// What the real mailauth (the MTA-STS code of ZoneMTA and WildDuck) makes of a lab domain:
// getPolicy() against the lab DNS, then validateMx() for each MX host given. Prints one JSON
// object. The lab CA comes in through NODE_EXTRA_CA_CERTS; mailauth fetches
// https://mta-sts.DOMAIN/ on port 443, so the lab must serve HTTPS there.
//
//   node mailauth_policy.js --dns 127.0.53.1:5300 DOMAIN [MX_HOST...]
'use strict';

const { Resolver } = require('node:dns').promises;
const { getPolicy, validateMx } = require('mailauth/lib/mta-sts');

function usage() {
    process.stderr.write('usage: mailauth_policy.js --dns IP:PORT DOMAIN [MX_HOST...]\n');
    process.exit(2);
}

async function main(argv) {
    if (argv.length < 3 || argv[0] !== '--dns') usage();
    const [, server, domain, ...mxHosts] = argv;
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    resolver.setServers([server]);
    const resolve = (name, type) => resolver.resolve(name, type);

    const { policy, status } = await getPolicy(domain, false, { resolver: resolve });
    // "found" is the only status under which mailauth applies a policy; "errored" and
    // "not_found" both leave the domain with mode none.
    const found = status === 'found';
    const mx = {};
    for (const host of mxHosts) mx[host] = validateMx(host, found ? policy : false).valid;
    process.stdout.write(
        JSON.stringify({
            status,
            found,
            id: found ? policy.id : null,
            mode: found ? policy.mode : null,
            max_age: found ? policy.maxAge : null,
            mx_patterns: found ? policy.mx || [] : [],
            error: policy.error ? String(policy.error.code || policy.error.message) : null,
            mx_matches: mx
        }) + '\n'
    );
}

main(process.argv.slice(2)).catch(err => {
    process.stderr.write(`mailauth_policy.js: ${err.stack || err}\n`);
    process.exit(1);
});
