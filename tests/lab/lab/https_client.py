"""One HTTPS GET as a sender makes it for a policy fetch (RFC 8461 §3.3): to a chosen address,
with SNI and Host the policy host, the certificate verified against the lab CA, no redirect
followed. For the tests that check what a web server configuration serves."""
import http.client
import socket
import ssl


class _PinnedConnection(http.client.HTTPSConnection):
    """An HTTPS connection to `host` made to a given address instead of the host's own."""

    def __init__(self, address, host, port, context, timeout):
        super().__init__(host, port, timeout=timeout)
        self.m_address = address
        self.m_context = context

    def connect(self):
        raw = socket.create_connection((self.m_address, self.port), self.timeout)
        self.sock = self.m_context.wrap_socket(raw, server_hostname=self.host)


def get(address, port, host, path, cafile, timeout=10):
    """GET https://host:port/path from address; (status, headers with lower-case names, body)."""
    context = ssl.create_default_context(cafile=cafile)
    connection = _PinnedConnection(address, host, port, context, timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()
