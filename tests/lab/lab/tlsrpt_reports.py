"""TLS-RPT aggregate reports (RFC 8460 §4) as reporters send them, dated relative to now: one
report per reporter and UTC day (RFC 8460 §4.1), for the tests that run `promote`."""
import gzip
import json
import os
import time

DAY = 86400


def report(domain, day, organization, successful=20, failures=()):
    """One daily aggregate report (RFC 8460 §4.4) as Google and Microsoft write them; failures:
    (result type, receiving MX host, failed session count) triples."""
    date = time.strftime("%Y-%m-%d", time.gmtime(day))
    details = [{"result-type": kind, "sending-mta-ip": "192.0.2.25", "receiving-mx-hostname": mx,
                "failed-session-count": count} for kind, mx, count in failures]
    return {
        "organization-name": organization,
        "date-range": {"start-datetime": f"{date}T00:00:00Z", "end-datetime": f"{date}T23:59:59Z"},
        "contact-info": "smtp-tls-reporting@sender.example",
        "report-id": f"{date}_{domain}_{organization}",
        "policies": [{
            "policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: testing"],
                       "policy-domain": domain},
            "summary": {"total-successful-session-count": successful,
                        "total-failure-session-count": sum(count for _, _, count in failures)},
            "failure-details": details,
        }],
    }


def days_back(count):
    """The start (UTC midnight) of every day from `count` days ago to today, oldest first."""
    today = int(time.time()) // DAY * DAY
    return [today - n * DAY for n in range(count, -1, -1)]


def write(folder, name, document, compress=False):
    """Write one report as folder/name.json, or gzip-compressed as folder/name.json.gz; return the path."""
    path = os.path.join(folder, name + (".json.gz" if compress else ".json"))
    data = json.dumps(document).encode()
    with open(path, "wb") as out:
        out.write(gzip.compress(data) if compress else data)
    return path
