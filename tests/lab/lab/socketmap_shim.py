"""Lab routing only: lets the sending Postfix (lab/sender.py) deliver to one chosen MX host while
mta-sts-daemon still answers for the recipient DOMAIN.

Postfix keys smtp_tls_policy_maps by the next-hop destination: with a transport entry
`smtp:[mx2.d.test]:PORT` (one chosen MX host) the key is "[mx2.d.test]:PORT", not "d.test",
and mta-sts-daemon would look up an MTA-STS policy for that key (it answers NOTFOUND for it). So
each recipient domain gets its own smtp transport whose map is
`socketmap:inet:127.0.0.1:SHIM:d.test`: Postfix sends this shim "d.test [mx2.d.test]:PORT", and
the shim asks the daemon for "ZONE d.test" and relays the daemon's answer unchanged (the policy
decision is the real daemon's). Each request is logged as one JSON line
{"domain", "key", "answer"} so that the test knows which policy was in force.

Run as: python3 -m lab.socketmap_shim --listen PORT --daemon PORT --zone ZONE --log FILE
(both on 127.0.0.1). Socketmap protocol: netstrings "NAME KEY" in, "OK VALUE" / "NOTFOUND " /
"TEMP REASON" out, several per connection.
"""
import argparse
import asyncio
import json

LIMIT = 100000


async def read_netstring(reader):
    """One netstring payload from reader, or None at the end of the stream."""
    try:
        length = await reader.readuntil(b":")
    except asyncio.IncompleteReadError:
        return None
    size = int(length[:-1])
    if size > LIMIT:
        raise ValueError(f"netstring of {size} bytes")
    data = await reader.readexactly(size + 1)
    if data[-1:] != b",":
        raise ValueError("netstring without its trailing comma")
    return data[:-1]


def netstring(data):
    return str(len(data)).encode() + b":" + data + b","


async def ask_daemon(port, zone, domain):
    """The daemon's answer for domain in zone, as text; "TEMP ..." when it cannot be asked."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(netstring(f"{zone} {domain}".encode()))
        await writer.drain()
        answer = await read_netstring(reader)
        writer.close()
        return "TEMP mta-sts-daemon closed the connection" if answer is None else answer.decode()
    except (OSError, ValueError, asyncio.IncompleteReadError) as error:
        return f"TEMP mta-sts-daemon: {error}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--daemon", type=int, required=True)
    parser.add_argument("--zone", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    log = open(args.log, "a", buffering=1)

    async def serve(reader, writer):
        try:
            while True:
                request = await read_netstring(reader)
                if request is None:
                    break
                domain, _, key = request.decode("ascii", "replace").partition(" ")
                answer = await ask_daemon(args.daemon, args.zone, domain)
                log.write(json.dumps({"domain": domain, "key": key, "answer": answer}) + "\n")
                writer.write(netstring(answer.encode()))
                await writer.drain()
        except (OSError, ValueError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def run():
        server = await asyncio.start_server(serve, "127.0.0.1", args.listen)
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


if __name__ == "__main__":
    main()
