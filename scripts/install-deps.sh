#!/usr/bin/env bash
# Installs everything mta-sts-check needs to build and to run its whole test suite on Debian 12
# (as root). Used by the README's quick start and by CI (.ci/run).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# Postfix is only a lab server (a real STARTTLS MX on loopback): no system mail configuration.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

packages=(
  # build
  build-essential cmake pkg-config git ca-certificates
  libc-ares-dev libcurl4-openssl-dev libssl-dev libidn2-dev libgmime-3.0-dev zlib1g-dev
  libcli11-dev nlohmann-json3-dev catch2
  # the public suffix list that names the provider of a hosted setup (read at run time)
  publicsuffix
  # the Debian package: dpkg-shlibdeps (dpkg-dev) computes Depends, lintian checks the result
  dpkg-dev lintian
  # fuzzing and sanitizers
  clang-16 libclang-rt-16-dev
  # man page, completions and their tests
  groff man-db bash-completion zsh fish
  # the lab: real servers on loopback, and tools to drive them
  nsd nginx-light postfix openssl python3 iproute2 procps time
  # the web servers whose configurations generate writes (nginx above): tests/lab/test_webservers.py
  apache2 caddy
  # DANE scenarios: zones signed at test time, a validating resolver
  ldnsutils unbound
  # the lab's real sender: Debian's MTA-STS resolver for Postfix (mta-sts-daemon), util-linux's
  # unshare for its private resolv.conf
  postfix-mta-sts-resolver util-linux
  # HTML report test in a real browser
  chromium
  # consumers of the CI and monitoring formats (tests/formats): a JUnit reader, promtool,
  # and node for ajv-cli with the SARIF schema (tests/formats/node); node also runs mailauth,
  # a real sender implementation the lab compares the checker with (tests/lab/node)
  python3-junitparser python3-yaml prometheus nodejs
  # the batch bench (bench/batch.py): a certificate per policy host, made in-process
  python3-cryptography
  # sharded runs split over processes (tests/cli/test_scan.py, docs/examples/scan-*.sh)
  parallel
)
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# Debian starts these daemons on install where it can; the lab runs its own private instances.
for service in nsd nginx apache2 caddy postfix unbound prometheus postfix-mta-sts-resolver; do
  if command -v service >/dev/null 2>&1; then service "$service" stop >/dev/null 2>&1 || true; fi
done
# Debian's nodejs comes without npm; other builds of nodejs bring their own (and conflict with
# Debian's npm package).
command -v npm >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends npm >/dev/null
# Exactly what each package-lock.json pins: ajv-cli and the SARIF schema; mailauth.
npm ci --prefix "$(dirname "$0")/../tests/formats/node" --no-audit --no-fund --loglevel=error >/dev/null
npm ci --prefix "$(dirname "$0")/../tests/lab/node" --no-audit --no-fund --loglevel=error >/dev/null
echo "install-deps: done"
