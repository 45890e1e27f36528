"""The direct upload benchmark's figures (benchmarks/direct_upload.py): the browser's requests
by kind, the request bodies the app received, the S3 server's log, and the printed table with
the checks that fail the run."""

import os
import re
from datetime import datetime

from benchmarks.direct_upload_config import ADD_PATH, BUCKET, MB, READ_WINDOW_MB, SAMPLE_SECONDS


def request_kind(label, endpoint):
    method, url = label.split(" ", 1)
    if url.startswith(endpoint):
        return "part" if method == "PUT" else "s3 " + method
    for action in ("initiate", "sign", "complete", "abort"):
        if f"/audio-uploads/{action}/" in url:
            return action
    return "form" if url.endswith(ADD_PATH) or url == ADD_PATH else url


def phases(events, endpoint):
    """Start and end (epoch seconds) of each kind of request, and the progress percents."""
    spans, statuses, percents = {}, {}, []
    for kind, at, label, status in sorted(events, key=lambda event: event[1]):
        if kind == "progress":
            percents.append(int(label))
            continue
        name = request_kind(label, endpoint)
        first, last = spans.get(name, (at, at))
        spans[name] = (min(first, at), max(last, at))
        if kind == "end":
            statuses.setdefault(name, []).append(status)
    return spans, statuses, percents


def request_bodies(lines):
    """(method, path, status, Content-Length) from access log lines in ACCESS_LOG_FORMAT."""
    bodies = []
    for line in lines:
        method, url, status, length = line.split(" ")
        bodies.append((method, url, status, int(length) if length.isdigit() else 0))
    return bodies


# werkzeug's request lines: '127.0.0.1 - - [05/Dec/2026 13:18:39] "GET /bucket/key HTTP/1.1" 206 -'
# (coloured by status), written when the answer has been sent.
S3_REQUEST_LINE = re.compile(
    rf'\[(\d\d/\w+/\d{{4}} [\d:]+)\] "(?:\x1b\[[\d;]*m)*(\w+) /{BUCKET}/([\w-]+)/\S* '
    rf'HTTP/[\d.]+\S*" (\d+)'
)


def s3_requests(lines):
    """(epoch seconds, method, first part of the key, status) of each request to the bucket."""
    requests = []
    for match in map(S3_REQUEST_LINE.search, lines):
        if match:
            stamp, method, prefix, status = match.groups()
            at = datetime.strptime(stamp, "%d/%b/%Y %H:%M:%S").timestamp()
            requests.append((at, method, prefix, status))
    return requests


def rss_growth(run, start=0.0, end=float("inf")):
    return (run["sampler"].peak(start, end) - run["before"]["rss"]) / MB


def loads_text(loads):
    return " ".join(f"{value:.2f}" for value in loads)


def report(*, size, warmup, run, endpoint, boto3_times, loads, objects, multipart):
    spans, statuses, percents = phases(run["events"], endpoint)
    sampler, before, after = run["sampler"], run["before"], run["after"]
    clicked, listed = run["clicked"], run["listed"]
    saved = spans["form"][1]
    s3_start, s3_end = spans["initiate"][0], spans["complete"][1]
    boto3_seconds = sum(boto3_times) / len(boto3_times)
    mb = size / MB

    rows = [
        ("boto3 upload_file, before", boto3_times[0], None),
        ("boto3 upload_file, after", boto3_times[1], None),
        ("browser to S3: initiate..complete", s3_end - s3_start, rss_growth(run, s3_start, s3_end)),
        ("browser: Save -> audio saved", saved - clicked, rss_growth(run, clicked, saved)),
        ("browser: Save -> listing shown", listed - clicked, rss_growth(run)),
    ]
    print(
        f"Direct upload of a {mb:.0f} MB MP3 ({size} bytes), Chromium headless; gunicorn 1 worker "
        f"(gthread); moto S3 server in its own process; {os.cpu_count()} CPUs; load average "
        f"before {loads_text(loads[0])}, after {loads_text(loads[1])}"
    )
    print(
        f"| {'method':<35} | {'seconds':>7} | {'MB/s':>6} | {'x boto3':>7} "
        f"| {'app worker peak RSS growth (MB)':>31} |"
    )
    print(f"|{'-' * 37}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 33}|")
    for label, seconds, rss in rows:
        rss_text = "n/a (app not involved)" if rss is None else f"{rss:.1f}"
        print(
            f"| {label:<35} | {seconds:>7.2f} | {mb / seconds:>6.1f} | "
            f"{seconds / boto3_seconds:>7.2f} | {rss_text:>31} |"
        )
    print(f"(x boto3: against the mean of the two boto3 runs, {boto3_seconds:.2f} s)")

    print("\nBrowser upload, requests by kind (s after the click on Save):")
    for name in ("initiate", "sign", "part", "complete", "form"):
        if name in spans:
            start, end = spans[name]
            codes = statuses.get(name, [])
            print(
                f"  {name:<9} {start - clicked:7.2f} .. {end - clicked:7.2f}  "
                f"({end - start:6.2f} s, {len(codes)} requests, status {sorted(set(codes))})"
            )
    print("  (form: the content check by ranged reads from S3, the copy into place and the save)")
    print(
        f"Progress events: {len(percents)} ({len(set(percents))} distinct percents), first "
        f"{percents[0] if percents else '-'}%, last {percents[-1] if percents else '-'}%, "
        f"never falling: {percents == sorted(percents)}"
    )

    parts = spans["part"]
    print(
        f"App worker RSS: baseline {before['rss'] / MB:.1f} MB, peak {sampler.peak() / MB:.1f} MB "
        f"({len(sampler.samples)} samples, every {SAMPLE_SECONDS * 1000:.0f} ms): "
        f"+{rss_growth(run):.1f} MB; while the parts went to S3 +{rss_growth(run, *parts):.1f}"
        f" MB, during the form POST +{rss_growth(run, *spans['form']):.1f} MB; kernel "
        f"high-water mark (VmHWM) {before['hwm'] / MB:.1f} -> {after['hwm'] / MB:.1f} MB"
    )
    warm_spans = phases(warmup["events"], endpoint)[0]
    print(
        f"  The 1 MB warm-up before it (the worker's first upload: one-off costs, mostly "
        f"importing boto3 and building its S3 clients): +{rss_growth(warmup):.1f} MB, "
        f"Save -> saved {warm_spans['form'][1] - warmup['clicked']:.2f} s"
    )
    bodies = [body for body in request_bodies(run["log_lines"]["access"]) if body[0] != "GET"]
    body_total = sum(body[3] for body in bodies)
    largest = max(bodies, key=lambda body: body[3], default=("-", "-", "-", 0))
    print(
        f"Request bodies the app received (gunicorn access log, Content-Length): {len(bodies)} "
        f"POSTs, {body_total / 1024:.1f} KB in all, largest {largest[3] / 1024:.1f} KB "
        f"({largest[0]} {largest[1]})"
    )
    requests = s3_requests(run["log_lines"]["moto"])
    puts = [at for at, method, key, _ in requests if method == "PUT" and key == "pending-uploads"]
    ranged = [
        at
        for at, method, key, status in requests
        if (method, key, status) == ("GET", "pending-uploads", "206")
    ]
    copied = [at for at, method, key, _ in requests if method == "PUT" and key == "private"]
    print(
        f"S3 server log: {len(puts)} part PUTs from the browser; the content check's "
        f"{len(ranged)} ranged GETs (at most {READ_WINDOW_MB} MB each: the whole object read "
        f"back by the worker), {ranged[-1] - ranged[0]:.0f} s from first to last; the copy into "
        f"place answered {copied[-1] - ranged[-1]:.0f} s after the last GET (1 s resolution)"
    )
    keys = sorted(item["Key"] for item in objects)
    print(f"Bucket afterwards: {keys}; multipart uploads left: {len(multipart)}")

    assert percents and percents[-1] == 100 and percents == sorted(percents), percents
    assert len(keys) == 2 and all(key.startswith("private/audio/") for key in keys), keys
    assert size in {item["Size"] for item in objects}
    assert not multipart
    assert body_total < MB, "the app received a large request body"
    assert rss_growth(run) < max(mb / 4, 40), "the worker's memory grew with the file"
