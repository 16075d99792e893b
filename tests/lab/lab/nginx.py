"""nginx serving every policy host https://mta-sts.<scenario>.test/.well-known/mta-sts.txt,
one server block per host name (chosen by SNI), each with its own certificate and answer.
"""
import os
import signal
import subprocess
import time

# The temp folders of nginx (all in the lab dir, see make_temp_folders), shared by every lab nginx.
TEMP_PATHS = """\
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server_tokens off;
"""

MAIN = """\
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
""" + TEMP_PATHS + """\
    server_names_hash_bucket_size 128;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {{
{listen_default}
        server_name _;
        ssl_certificate {default_cert};
        ssl_certificate_key {default_key};
        return 404;
    }}
{servers}
}}
"""

SERVER = """\
    server {{
{listen}
        server_name {name};
        ssl_certificate {cert};
        ssl_certificate_key {key};
        location = /.well-known/mta-sts.txt {{
{answer}
        }}
        location / {{ return 404; }}
    }}
"""


def answer_block(host, directory):
    """The nginx directives of one policy host's answer (see scenarios.PolicyHost)."""
    if host.status in (301, 302):
        return f"            return {host.status} https://{host.name}/.well-known/mta-sts.txt/;"
    if host.status != 200:
        return f"            return {host.status};"
    body_path = os.path.join(directory, host.name + ".txt")
    with open(body_path, "wb") as body:
        if host.big_bytes:
            line = b"mx: filler-" + b"x" * 50 + b".test\r\n"
            body.write(host.body.encode())
            body.write(line * (host.big_bytes // len(line) + 1))
        else:
            body.write(host.body.encode())
    content_type = "" if host.content_type is None else host.content_type.replace("'", "")
    headers = "".join(f"            add_header {name} '{value}';\n" for name, value in host.headers.items())
    return (f"            types {{ }}\n            default_type '{content_type}';\n{headers}"
            f"            alias {body_path};")


def listen_lines(listen, suffix=""):
    """The listen directives for one address or a list of them (the lab's high port, and 443)."""
    return "\n".join(f"        listen {address} ssl{suffix};" for address in
                     ([listen] if isinstance(listen, str) else listen))


def make_temp_folders(directory):
    """The folders TEMP_PATHS names."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)


def write_config(directory, listen, hosts, certs, default_cert, extra_servers=""):
    """Write nginx.conf for hosts (PolicyHost list); certs maps host name to (cert, key);
    listen is one "IP:PORT" or a list of them; extra_servers: more server blocks, as text."""
    servers = []
    for host in hosts:
        cert, key = certs[host.name]
        servers.append(SERVER.format(listen=listen_lines(listen), name=host.name, cert=cert, key=key,
                                     answer=answer_block(host, directory)))
    make_temp_folders(directory)
    path = os.path.join(directory, "nginx.conf")
    with open(path, "w") as conf:
        conf.write(MAIN.format(user="user root;" if os.geteuid() == 0 else "", dir=directory,
                               listen_default=listen_lines(listen, " default_server"),
                               default_cert=default_cert[0], default_key=default_cert[1],
                               servers="".join(servers) + extra_servers))
    return path


def command(directory, path):
    """The nginx command line for the lab config at path."""
    return ["nginx", "-e", os.path.join(directory, "error.log"), "-p", directory, "-c", path]


def start(processes, directory, listen, hosts, certs, default_cert, extra_servers=""):
    """Start nginx in the foreground with the lab config; return its Popen."""
    path = write_config(directory, listen, hosts, certs, default_cert, extra_servers)
    return processes.start("nginx", command(directory, path), os.path.join(directory, "nginx.out"))


def reload(child, directory, listen, hosts, certs, default_cert, extra_servers=""):
    """Rewrite the lab config and make the running nginx (Popen `child`) load it: nginx -t must
    accept it, then SIGHUP starts new workers with it (nginx(8)). Returns once a new worker runs
    and every old one has gone: until then an old worker may still accept a connection on the
    shared listening socket and answer it with the old configuration."""
    path = write_config(directory, listen, hosts, certs, default_cert, extra_servers)
    checked = subprocess.run(command(directory, path) + ["-t"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError("nginx -t rejected the lab configuration:\n" + checked.stdout + checked.stderr)
    before = set(worker_pids(child.pid))
    child.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while not set(worker_pids(child.pid)) - before or set(worker_pids(child.pid)) & before:
        if time.monotonic() > deadline:
            raise RuntimeError(f"nginx did not replace its workers within 10 s of SIGHUP (see {directory}/error.log)")
        time.sleep(0.05)


def worker_pids(master):
    """The PIDs of the children of nginx's master process `master`."""
    try:
        with open(f"/proc/{master}/task/{master}/children") as children:
            return [int(pid) for pid in children.read().split()]
    except FileNotFoundError:
        return []


# The batch bench's policy hosts (lab/bulk_world.py): one server block for all of them, the
# certificate and the policy chosen by the SNI name at each handshake, so that 100,000 hosts
# cost nginx neither 100,000 SSL contexts at start-up nor memory for them.
BULK_MAIN = """\
{user}
worker_processes 2;
worker_rlimit_nofile 65536;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 16384; }}
http {{
    access_log off;
""" + TEMP_PATHS + """\
    ssl_protocols TLSv1.2 TLSv1.3;
    server {{
{listen}
        server_name _;
        ssl_certificate {certs}/$ssl_server_name.pem;
        ssl_certificate_key {key};
        location = /.well-known/mta-sts.txt {{
            types {{ }}
            default_type text/plain;
            alias {policies}/$ssl_server_name.txt;
        }}
        location / {{ return 404; }}
    }}
}}
"""


def start_bulk(processes, directory, listen, certs, key, policies):
    """Start nginx serving https://NAME/.well-known/mta-sts.txt for every policy host NAME with
    the certificate certs/NAME.pem (key: the shared key) and the body policies/NAME.txt (a
    missing body answers 404); listen is a list of "IP:PORT". Returns the Popen."""
    make_temp_folders(directory)
    path = os.path.join(directory, "nginx.conf")
    with open(path, "w") as conf:
        conf.write(BULK_MAIN.format(user="user root;" if os.geteuid() == 0 else "", dir=directory,
                                    listen=listen_lines(listen, " default_server"), certs=certs, key=key,
                                    policies=policies))
    return processes.start("nginx", ["nginx", "-e", os.path.join(directory, "error.log"), "-p", directory,
                                     "-c", path], os.path.join(directory, "nginx.out"))
