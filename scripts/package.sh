#!/usr/bin/env bash
# The packager's path, as CI runs it: a plain Release build (no preset, warnings as errors here so
# that CI sees any new one), `cpack -G DEB`, lintian (errors fail), then the package installed on
# this machine with dpkg -i and its installed files checked: --version, the man page through
# man(1), and the bash, zsh and fish completion tests against the installed completions.
# Removes the package again unless it was installed before. Run as root from the repository root
# after a default build (scripts/test.sh runs it; the completion tests use build/'s catalog dump).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
out=build/release
jobs=${MTASTS_JOBS:-$(nproc)}

cmake -B "$out" -DCMAKE_BUILD_TYPE=Release -DMTASTS_WERROR=ON -DMTASTS_TESTS=OFF >/dev/null
cmake --build "$out" -j "$jobs"
rm -f "$out"/*.deb
(cd "$out" && cpack -G DEB >/dev/null)
deb=$(ls "$out"/mta-sts-check_*.deb)
echo "package: $deb"
dpkg-deb --field "$deb" Package Version Section Depends

# lintian refuses nothing as root, but says so on stderr; its verdict is the exit status.
lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$deb" 2> >(grep -v 'root privileges' >&2)

preinstalled=$(dpkg-query -W -f '${Status}' mta-sts-check 2>/dev/null || true)
cleanup() { [[ $preinstalled == "install ok installed" ]] || dpkg -r mta-sts-check >/dev/null; }
trap cleanup EXIT
dpkg -i "$deb" >/dev/null

version=$(sed -nE 's/^project\(mta-sts-check VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
installed_version=$(/usr/bin/mta-sts-check --version)
[[ $installed_version == *"$version"* ]] || { echo "installed --version says '$installed_version', expected $version" >&2; exit 1; }
echo "installed: $installed_version"

man_warnings=$(mktemp)
man_text=$(MANWIDTH=80 man --warnings -P cat mta-sts-check 2>"$man_warnings")
grep -q '^NAME' <<<"$man_text" && grep -q 'mta-sts-check' <<<"$man_text" ||
    { echo "man mta-sts-check does not show the installed page:" >&2; head -20 <<<"$man_text" >&2; exit 1; }
if [[ -s $man_warnings ]]; then echo "man warns:" >&2; cat "$man_warnings" >&2; exit 1; fi
rm -f "$man_warnings"
echo "man page: $(wc -l <<<"$man_text") lines rendered from $(man -w mta-sts-check)"

export MTASTS_SOURCE_DIR=$src MTASTS_BINARY=/usr/bin/mta-sts-check
export MTASTS_DUMP_CATALOG=${MTASTS_DUMP_CATALOG:-$src/build/tests/shell/mtasts_dump_catalog}
export MTASTS_BASH_COMPLETION=/usr/share/bash-completion/completions/mta-sts-check
export MTASTS_ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
export MTASTS_FISH_COMPLETION=/usr/share/fish/vendor_completions.d/mta-sts-check.fish
log=$(mktemp)
for shell in bash zsh fish; do
    bash "tests/shell/${shell}_completion.sh" >"$log" 2>&1 || { cat "$log" >&2; echo "the installed $shell completion fails" >&2; exit 1; }
    echo "installed $shell completion: $(tail -1 "$log")"
done
rm -f "$log"
echo "package: all checks passed"
