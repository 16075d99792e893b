#!/usr/bin/env python3
"""A batch's SMTP probing against a real (small) SMTP server on loopback: --per-host-sessions
caps the sessions one address sees at once, --max-rate spaces new connections, every MX address
is probed once per run however many domains share it (and the text summary counts that), and
--greeting-timeout bounds a server that never greets, naming the limit.

The DNS is tests/hostile/hostile_world.py; the SMTP server is here: it counts the sessions it
holds at once and stamps each accept. Both are stopped by their PIDs (threads end with the test)."""
import json
import os
import socket
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
from hostile import HostileTestCase, HostileWorld, main, run  # noqa: E402


class CountingSmtp:
    """An SMTP server on 127.0.0.1 that greets after `delay` seconds (never when None), offers
    no STARTTLS, and records when each session was accepted and greeted."""

    def __init__(self, delay):
        self.delay = delay
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.accepted = []
        self.waits = []  # (accepted, greeted) of each session that got its greeting
        self.stopping = False
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while not self.stopping:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            accepted = time.monotonic()
            with self.lock:
                self.accepted.append(accepted)
            threading.Thread(target=self.session, args=(conn, accepted), daemon=True).start()

    def most_at_once(self):
        """The most sessions that waited for their greeting at the same time. (Counting from
        accept to close instead would race: the client's next connect may be accepted before
        this server's thread has read the last session's QUIT.)"""
        with self.lock:
            edges = sorted([(start, 1) for start, _ in self.waits] + [(end, -1) for _, end in self.waits])
        most = now = 0
        for _, step in edges:
            now += step
            most = max(most, now)
        return most

    def session(self, conn, accepted):
        conn.settimeout(20)
        try:
            if self.delay is None:
                conn.recv(1)  # never greets: waits for the client to give up
                return
            time.sleep(self.delay)
            with self.lock:
                self.waits.append((accepted, time.monotonic()))
            conn.sendall(b"220 mx.test ESMTP\r\n")
            reader = conn.makefile("rb")
            for line in reader:
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-mx.test\r\n250 8BITMIME\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"502 no\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self):
        self.stopping = True
        self.listener.close()


def zone(domains):
    """Each domain (name -> MX host) with its MX host at 127.0.0.1; no policy."""
    records = {}
    for domain, mx_host in domains.items():
        records[domain] = [["MX", f"10 {mx_host}"]]
        records[mx_host] = [["A", "127.0.0.1"]]
    return records


class Probing(HostileTestCase):
    def start(self, domains, delay):
        world = HostileWorld(self.path(), zone(domains))
        self.addCleanup(world.stop)
        smtp = CountingSmtp(delay)
        self.addCleanup(smtp.stop)
        return world, smtp

    def check(self, world, smtp, domains, *options):
        return run(*domains, *world.options(), "--smtp-port", str(smtp.port), *options, timeout=120)

    # Six MX host names on one address: 3 sessions each (SNI, no SNI, TLS 1.1 at most) = 18.
    DOMAINS = {f"d{i}.test": f"mx{i}.example.test" for i in range(6)}

    def test_per_host_sessions_caps_what_one_address_sees(self):
        world, smtp = self.start(self.DOMAINS, delay=0.3)
        result = self.check(world, smtp, self.DOMAINS, "--per-host-sessions", "2", "--jobs", "6")
        self.assertNotEqual(result.status, 2, result.stderr)
        self.assertEqual(len(smtp.accepted), 18)
        self.assertLessEqual(smtp.most_at_once(), 2)

    def test_a_higher_cap_lets_more_sessions_overlap(self):
        # The same run with room for 8: the server sees more than 2 at once, so the cap above is
        # what held them back.
        world, smtp = self.start(self.DOMAINS, delay=0.3)
        self.check(world, smtp, self.DOMAINS, "--per-host-sessions", "8", "--jobs", "6")
        self.assertGreater(smtp.most_at_once(), 2)

    def test_max_rate_spaces_new_connections(self):
        world, smtp = self.start(self.DOMAINS, delay=0)
        self.check(world, smtp, self.DOMAINS, "--max-rate", "20", "--per-host-sessions", "18", "--jobs", "6")
        self.assertEqual(len(smtp.accepted), 18)
        accepted = sorted(smtp.accepted)
        # 20 per second: 18 connections span at least 17 x 50 ms = 0.85 s, and no half second
        # holds more than 10 of them. Both with room for the server thread's own delays, which
        # can move one accept by a few milliseconds but cannot make the client dial faster.
        self.assertGreaterEqual(accepted[-1] - accepted[0], 0.75)
        busiest = max(sum(1 for t in accepted if start <= t < start + 0.5) for start in accepted)
        self.assertLessEqual(busiest, 12)

    def test_a_shared_mx_is_probed_once_and_the_summary_says_so(self):
        shared = {f"s{i}.test": "mx.shared.example.test" for i in range(5)}
        world, smtp = self.start(shared, delay=0)
        result = self.check(world, smtp, shared, "--color", "never")
        self.assertEqual(len(smtp.accepted), 3)  # one address, three kinds of session
        self.assertIn(b"SMTP: 3 sessions made, 12 probes answered by an earlier session", result.stdout)

    def test_greeting_timeout_bounds_a_server_that_never_greets_and_names_the_limit(self):
        mute = {"mute.test": "mx.mute.example.test"}
        world, smtp = self.start(mute, delay=None)
        result = self.check(world, smtp, mute, "--greeting-timeout", "0.5", "--format", "json")
        findings = result.json()["findings"]
        messages = [f["message"] for f in findings if f["id"] == "mx.smtp-error"]
        self.assertTrue(messages, findings)
        self.assertIn("no complete greeting within 0.5 s", messages[0])

    def test_an_address_that_never_greets_is_waited_out_once_for_every_name_on_it(self):
        # Six MX names of six domains on one mute address: two sessions wait out the greeting
        # (--per-host-sessions 2), every other one of the 18 ends without dialling.
        world, smtp = self.start(self.DOMAINS, delay=None)
        result = self.check(world, smtp, self.DOMAINS, "--greeting-timeout", "0.5", "--color", "never")
        self.assertEqual(len(smtp.accepted), 2)
        self.assertIn(b"SMTP: 2 sessions made", result.stdout)
        lines = self.check(world, smtp, self.DOMAINS, "--greeting-timeout", "0.5", "--format", "jsonl").stdout
        messages = {}
        for line in lines.decode().splitlines():
            report = json.loads(line)
            messages[report["domain"]] = [f["message"] for f in report["findings"] if f["id"] == "mx.smtp-error"]
        self.assertEqual(set(messages), set(self.DOMAINS))
        for domain, said in messages.items():  # first-hand, or "not dialled again: ... got" the same
            self.assertTrue(any("no complete greeting within 0.5 s" in m for m in said), (domain, said))
        self.assertTrue(any("not dialled again" in m for said in messages.values() for m in said), messages)

    def test_greeting_timeout_wins_over_timeout_in_either_order(self):
        mute = {"mute.test": "mx.mute.example.test"}
        world, smtp = self.start(mute, delay=None)
        for order in (["--greeting-timeout", "0.5", "--timeout", "4"], ["--timeout", "4", "--greeting-timeout", "0.5"]):
            result = run("mute.test", *world.options()[:-2], "--smtp-port", str(smtp.port), *order,
                         "--format", "json", timeout=120)
            messages = [f["message"] for f in result.json()["findings"] if f["id"] == "mx.smtp-error"]
            self.assertTrue(any("within 0.5 s" in m for m in messages), (order, messages))


if __name__ == "__main__":
    main()
