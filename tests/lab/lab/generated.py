"""Scenarios whose records and policy host come from `mta-sts-check generate` itself (the
scenario's `generated` options): the zone lines it writes go into the lab zone as they are, its
policy file is served by the lab nginx through its nginx configuration, adapted only where an
administrator adapts it (listen addresses, certificate paths, web root)."""
import os
import subprocess

from .runner import binary

# What the generated nginx configuration says and the lab replaces (man page, generate).
LISTEN_V4 = "    listen 443 ssl;\n"
LISTEN_V6 = "    listen [::]:443 ssl;\n"
WEBROOT = "/var/www/mta-sts"


def generate(domain, args, folder):
    """Run generate for domain into folder; return (zone lines, nginx configuration text)."""
    argv = [binary(), "generate", domain, *args, "--out", folder]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"$ {' '.join(argv)}\nexit {done.returncode}\n{done.stdout}{done.stderr}")
    return written(folder)


def written(folder):
    """What `generate --out folder` wrote: (the zone lines of zone.txt that are not comments,
    the nginx configuration text)."""
    with open(os.path.join(folder, "zone.txt"), encoding="utf-8") as zone:
        lines = [line.rstrip("\n") for line in zone if line.strip() and not line.startswith(";")]
    with open(os.path.join(folder, "nginx.conf"), encoding="utf-8") as conf:
        return lines, conf.read()


def replace_once(text, old, new):
    """text with old replaced by new; old must occur exactly once, else the configuration generate
    writes has changed and the lab's adaptation must follow."""
    if text.count(old) != 1:
        raise RuntimeError(f"the generated configuration no longer has {old!r} once:\n{text}")
    return text.replace(old, new)


def policy_path(folder):
    """Where the policy file of `generate --out folder` is served from: WEBROOT/.well-known/mta-sts.txt
    moved into folder/webroot."""
    return os.path.join(folder, "webroot", ".well-known", "mta-sts.txt")


def install_policy(folder):
    """Move the generated policy file where the web server serves it (policy_path); return the web root."""
    os.makedirs(os.path.dirname(policy_path(folder)), exist_ok=True)
    os.replace(os.path.join(folder, "mta-sts.txt"), policy_path(folder))
    return os.path.join(folder, "webroot")


def nginx_server(conf, host, folder, listen, cert):
    """The generated server block, listening on the lab's addresses with the lab's certificate
    and serving the generated policy file from folder (as WEBROOT/.well-known/mta-sts.txt)."""
    webroot = install_policy(folder)
    conf = replace_once(conf, LISTEN_V4, "".join(f"    listen {address} ssl;\n" for address in listen))
    conf = replace_once(conf, LISTEN_V6, "")
    conf = replace_once(conf, f"/etc/letsencrypt/live/{host}/fullchain.pem", cert[0])
    conf = replace_once(conf, f"/etc/letsencrypt/live/{host}/privkey.pem", cert[1])
    return replace_once(conf, f"root {WEBROOT};", f"root {webroot};")
